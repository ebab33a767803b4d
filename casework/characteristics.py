"""Protected characteristics (Equality Act 2010 s.4) of the people on the register, kept for
monitoring only (issue 21): the categories are data, each with its source.

They are special category data (Data Protection Act 2018 Part 3, s.35(8)): seen only with the
`casework.view_special_category` permission, every view logged with its purpose (ObjectKind
SPECIAL_CATEGORY), never on a letter, and in a CSV only for a user with that permission.
"""

from datetime import date

# Sex (Equality Act 2010 s.11). "Not stated" is an answer, distinct from nothing recorded.
SEX_SOURCE = "Equality Act 2010 s.11; Home Office 'Police misconduct, England and Wales' collection (sex of subject)."
SEX = (
    ("female", "Female"),
    ("male", "Male"),
    ("not_stated", "Prefer not to say / not stated"),
)

# Ethnic group: the ONS Census 2021 classification for England and Wales (19 groups in 5 high-level
# groups), as the Home Office statistics use it. Each: code, label, high-level group.
ETHNICITY_SOURCE = (
    "Office for National Statistics, 'Ethnic group classification', Census 2021 England and Wales "
    "(https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/ethnicgroupnationalidentitylanguageandreligionvariablescensus2021/ethnicgroup)."
)
ASIAN = "Asian, Asian British or Asian Welsh"
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
MIXED = "Mixed or Multiple ethnic groups"
WHITE = "White"
OTHER = "Other ethnic group"
NOT_STATED = "Not stated"
ETHNIC_GROUPS = (
    ("asian_bangladeshi", "Bangladeshi", ASIAN),
    ("asian_chinese", "Chinese", ASIAN),
    ("asian_indian", "Indian", ASIAN),
    ("asian_pakistani", "Pakistani", ASIAN),
    ("asian_other", "Any other Asian background", ASIAN),
    ("black_african", "African", BLACK),
    ("black_caribbean", "Caribbean", BLACK),
    ("black_other", "Any other Black, Black British or Caribbean background", BLACK),
    ("mixed_white_asian", "White and Asian", MIXED),
    ("mixed_white_black_african", "White and Black African", MIXED),
    ("mixed_white_black_caribbean", "White and Black Caribbean", MIXED),
    ("mixed_other", "Any other Mixed or Multiple ethnic background", MIXED),
    ("white_british", "English, Welsh, Scottish, Northern Irish or British", WHITE),
    ("white_irish", "Irish", WHITE),
    ("white_gypsy_traveller", "Gypsy or Irish Traveller", WHITE),
    ("white_roma", "Roma", WHITE),
    ("white_other", "Any other White background", WHITE),
    ("other_arab", "Arab", OTHER),
    ("other_any", "Any other ethnic group", OTHER),
    ("not_stated", "Prefer not to say / not stated", NOT_STATED),
)
HIGH_LEVEL_GROUPS = (ASIAN, BLACK, MIXED, WHITE, OTHER, NOT_STATED)
ETHNICITY_CHOICES = tuple(
    (code, f"{group}: {label}" if group != NOT_STATED else label) for code, label, group in ETHNIC_GROUPS
)
_GROUP_OF = {code: group for code, _label, group in ETHNIC_GROUPS}

# Age bands, at a given date (the date a return or a fairness stage asks about). Lower bounds;
# the last band is open. To be confirmed against the Home Office user guide (issue 21, point 4):
# the return's own column map may band differently and says so.
AGE_BANDS_SOURCE = (
    "Home Office police workforce and misconduct statistics age bands (to confirm against the user guide)."
)
AGE_BANDS = ((0, "Under 26"), (26, "26 to 35"), (36, "36 to 45"), (46, "46 to 55"), (56, "56 and over"))


def high_level_group(ethnicity: str) -> str | None:
    """The ONS 2021 high-level group of a recorded ethnicity ("" when none is recorded: None)."""
    return _GROUP_OF.get(ethnicity) if ethnicity else None


def age_on(date_of_birth: date | None, on: date) -> int | None:
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def age_band(date_of_birth: date | None, on: date, bands=AGE_BANDS) -> str | None:
    """The band someone born on date_of_birth falls in on `on` (None when not recorded)."""
    age = age_on(date_of_birth, on)
    if age is None:
        return None
    label = None
    for lower, name in bands:
        if age >= lower:
            label = name
    return label
