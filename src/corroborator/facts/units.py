"""Units: names, surface forms, dimensions and factors to a base unit.

Canonical names follow quantulum3's (``kilometre``, ``pound sterling``,
``percentage``), so numbers can be checked against its public test cases.
``factor`` converts to the dimension's base unit (metre, kilogram, litre,
second, ...), which is how "12 km" and "7.5 miles" are found to agree.
Currencies are their own dimensions: dollars never convert to euros.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float  # multiply a value in this unit by factor to get the base unit


_PREFIXES = {  # SI prefix: (symbol, word, factor)
    "tera": ("T", 1e12),
    "giga": ("G", 1e9),
    "mega": ("M", 1e6),
    "kilo": ("k", 1e3),
    "hecto": ("h", 1e2),
    "centi": ("c", 1e-2),
    "milli": ("m", 1e-3),
    "micro": ("µ", 1e-6),
    "nano": ("n", 1e-9),
    "pico": ("p", 1e-12),
    "femto": ("f", 1e-15),
    "atto": ("a", 1e-18),
}

UNITS: dict[str, Unit] = {}
SURFACES: dict[str, str] = {}  # surface form (case-sensitive for symbols) -> unit name


def _add(name: str, dimension: str, factor: float, *surfaces: str) -> None:
    UNITS[name] = Unit(name, dimension, factor)
    for surface in surfaces:
        SURFACES.setdefault(surface, name)


def _add_prefixed(
    base: str,
    dimension: str,
    factor: float,
    symbol: str,
    plural: str | None = None,
    prefixes: tuple[str, ...] = tuple(_PREFIXES),
    extra_plural: tuple[str, ...] = (),
) -> None:
    words = [base, plural or base + "s", *extra_plural]
    _add(base, dimension, factor, symbol, *words)
    for prefix in prefixes:
        sym, mult = _PREFIXES[prefix]
        name = prefix + base
        _add(name, dimension, factor * mult, sym + symbol, *[prefix + w for w in words])


# Length (base metre). Both spellings of metre; "meter" words too.
_add_prefixed(
    "metre",
    "length",
    1.0,
    "m",
    extra_plural=("meter", "meters"),
    prefixes=("kilo", "centi", "milli", "micro", "nano", "pico", "atto", "femto"),
)
for _p in ("kilo", "centi", "milli", "micro", "nano", "pico"):
    SURFACES.setdefault(_p + "meter", _p + "metre")
    SURFACES.setdefault(_p + "meters", _p + "metre")
_add("mile", "length", 1609.344, "mile", "miles", "mi")
_add("foot", "length", 0.3048, "foot", "feet", "ft")
_add("inch", "length", 0.0254, "inch", "inches", "in")
_add("yard", "length", 0.9144, "yard", "yards", "yd")
_add("nautical mile", "length", 1852.0, "nautical mile", "nautical miles", "nmi")
# Area and volume.
_add(
    "square kilometre",
    "area",
    1e6,
    "km2",
    "km^2",
    "km²",
    "sq km",
    "square kilometre",
    "square kilometres",
    "square kilometer",
    "square kilometers",
    "km squared",
)
_add(
    "square metre",
    "area",
    1.0,
    "m2",
    "m^2",
    "m²",
    "sq m",
    "square metre",
    "square metres",
    "square meter",
    "square meters",
)
_add("square mile", "area", 2589988.11, "sq mi", "square mile", "square miles", "mi2", "mi²")
_add("hectare", "area", 1e4, "hectare", "hectares", "ha")
_add("acre", "area", 4046.86, "acre", "acres")
_add(
    "cubic kilometre",
    "volume",
    1e12,
    "km3",
    "km^3",
    "km³",
    "cubic kilometre",
    "cubic kilometres",
    "cubic kilometer",
    "cubic kilometers",
    "km cubed",
)
_add("cubic metre", "volume", 1e3, "m3", "m^3", "m³", "cubic metre", "cubic metres", "cubic meter", "cubic meters")
_add_prefixed("litre", "volume", 1.0, "L", extra_plural=("liter", "liters"), prefixes=("centi", "milli", "hecto"))
SURFACES["l"] = "litre"
SURFACES["cl"] = "centilitre"
SURFACES["hl"] = "hectolitre"
_add("cubic centimetre", "volume", 1e-3, "ml", "mL", "cc", "cm3", "cubic centimetre", "cubic centimetres")
SURFACES["ml"] = "cubic centimetre"
SURFACES["mL"] = "cubic centimetre"
_add("gallon", "volume", 3.78541, "gallon", "gallons", "gal")
_add("barrel", "volume", 158.987, "barrel", "barrels", "bbl")
_add("cup", "volume", 0.2366, "cup", "cups")
_add("tablespoon", "volume", 0.01479, "tablespoon", "tablespoons", "tbsp")
_add("teaspoon", "volume", 0.00493, "teaspoon", "teaspoons", "tsp")
# Mass (base kilogram).
_add_prefixed(
    "gram", "mass", 1e-3, "g", extra_plural=("gramme", "grammes"), prefixes=("kilo", "milli", "micro", "nano")
)
_add("kilogram", "mass", 1.0, "kg", "kilogram", "kilograms", "kilo", "kilos", "kilogramme", "kilogrammes")
_add("tonne", "mass", 1000.0, "t", "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons")
_add("pound-mass", "mass", 0.453592, "lb", "lbs", "pound", "pounds")
_add("ounce", "mass", 0.0283495, "oz", "ounce", "ounces")
# Time (base second).
_add("second", "time", 1.0, "s", "sec", "secs", "second", "seconds")
_add("minute", "time", 60.0, "min", "mins", "minute", "minutes")
_add("hour", "time", 3600.0, "h", "hr", "hrs", "hour", "hours")
_add("day", "time", 86400.0, "day", "days")
_add("week", "time", 604800.0, "week", "weeks", "wk")
_add("month", "time", 2629800.0, "month", "months")
_add("year", "time", 31557600.0, "year", "years", "yr", "yrs")
_add("decade", "time", 315576000.0, "decade", "decades")
_add("century", "time", 3155760000.0, "century", "centuries")
_add("megayear", "time", 31557600.0 * 1e6, "Ma", "Myr", "megayear", "megayears")
_add("gigayear", "time", 31557600.0 * 1e9, "Ga", "Gyr", "gigaannum", "gigayear", "gigayears")
# Speed.
_add(
    "kilometre per hour",
    "speed",
    1 / 3.6,
    "km/h",
    "kph",
    "kmh",
    "km/hr",
    "kilometres per hour",
    "kilometers per hour",
    "kilometre per hour",
    "kilometer per hour",
)
_add("mile per hour", "speed", 0.44704, "mph", "miles per hour", "mile per hour")
_add("metre per second", "speed", 1.0, "m/s", "metres per second", "meters per second")
_add("knot", "speed", 0.514444, "knot", "knots", "kn")
# Energy, power, frequency, data, radiation, temperature.
_add_prefixed("joule", "energy", 1.0, "J", prefixes=("kilo", "mega", "giga"))
_add_prefixed("electronvolt", "energy", 1.602176634e-19, "eV", prefixes=("kilo", "mega", "giga", "tera"))
SURFACES["electron volt"] = "electronvolt"
SURFACES["electron volts"] = "electronvolt"
_add_prefixed("watt", "power", 1.0, "W", prefixes=("kilo", "mega", "giga", "milli"))
_add("watt hour", "energy", 3600.0, "Wh", "watt hour", "watt hours", "watt-hour", "watt-hours")
_add("kilowatt hour", "energy", 3.6e6, "kWh", "kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours")
_add("megawatt hour", "energy", 3.6e9, "MWh", "megawatt hour", "megawatt hours", "megawatt-hours")
_add("gigawatt hour", "energy", 3.6e12, "GWh", "gigawatt hour", "gigawatt hours")
_add_prefixed("hertz", "frequency", 1.0, "Hz", plural="hertz", prefixes=("kilo", "mega", "giga"))
_add("byte", "data", 1.0, "B", "byte", "bytes")
for _name, _sym, _mult in (
    ("kilobyte", "kB", 1e3),
    ("megabyte", "MB", 1e6),
    ("gigabyte", "GB", 1e9),
    ("terabyte", "TB", 1e12),
    ("petabyte", "PB", 1e15),
    ("exabyte", "EB", 1e18),
):
    _add(_name, "data", _mult, _sym, _name, _name + "s")
_add("kibibyte", "data", 1024.0, "KiB", "kibibyte", "kibibytes")
_add("bit", "data", 0.125, "bit", "bits")
_add("gray", "radiation dose", 1.0, "Gy", "gray", "grays")
_add("milligray", "radiation dose", 1e-3, "mGy", "milligray", "milligrays")
_add(
    "degree Celsius",
    "temperature",
    1.0,
    "°C",
    "ºC",
    "degrees Celsius",
    "degree Celsius",
    "degrees celsius",
    "Celsius",
    "C",
)
_add(
    "degree fahrenheit",
    "temperature",
    1.0,
    "°F",
    "ºF",
    "degrees Fahrenheit",
    "degree Fahrenheit",
    "degrees fahrenheit",
    "Fahrenheit",
    "F",
)
_add("kelvin", "temperature", 1.0, "K", "kelvin", "kelvins")
# Counts and money.
_add("percentage", "ratio", 1.0, "%", "percent", "per cent", "percentage points", "percentage point", "pct")
_add("dozen", "count", 12.0, "dozen")
_add("dollar", "currency:USD", 1.0, "$", "US$", "USD", "dollar", "dollars")
_add("euro", "currency:EUR", 1.0, "€", "EUR", "euro", "euros")
_add("pound sterling", "currency:GBP", 1.0, "£", "GBP", "pounds sterling", "pound sterling")
_add("yen", "currency:JPY", 1.0, "¥", "JPY", "yen")
_add("hryvnia", "currency:UAH", 1.0, "₴", "UAH", "hryvnia", "hryvnias")
_add("ruble", "currency:RUB", 1.0, "₽", "RUB", "ruble", "rubles", "rouble", "roubles")
_add("cent", "currency:USD", 0.01, "cent", "cents", "¢")
_add("penny", "currency:GBP", 0.01, "penny", "pennies", "pence", "p")
_add("dime", "currency:USD", 0.1, "dime", "dimes")
_add("dimensionless", "count", 1.0)

CURRENCY_SYMBOLS = {
    "$": "dollar",
    "US$": "dollar",
    "£": "pound sterling",
    "€": "euro",
    "¥": "yen",
    "₴": "hryvnia",
    "₽": "ruble",
}
# Symbols too short to trust after a bare number without a space-free join ("2 in thick" is fine, "5 m" is fine,
# but "at 5 p" is not a penny): they need the number to be directly before them or the unit to be unambiguous.
AMBIGUOUS = {"in", "p", "C", "F", "K", "h", "s", "t", "l", "B", "g", "m", "min", "kn", "ha", "cc", "mi"}
