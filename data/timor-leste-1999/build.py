"""Build the Timor-Leste 1999-2004 scenario files from the figures and rules below.

Run from anywhere:  python data/timor-leste-1999/build.py

Pure Python, no network, no randomness: the same inputs always give byte-identical files.
Every number is either a public figure from the project's domain brief or an assumption
named as such here and in README.md. Edit the constants, run again, commit the outputs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

START = "1999-09"  # INTERFET landed in Dili on 20 September 1999
MONTHS = 60  # 1999-09 .. 2004-08
END = "2004-08"

# ---------------------------------------------------------------- tasks

# (code, name, priority = weight of one month of one unmet effective person, whether its
# demand ends at a district's handover: blank for training's default; engineering, a
# secondary task, is to decide no district's end-state)
TASKS = [
    ("border_control", "Border control (West Timor border and Oecusse enclave)", 5, ""),
    (
        "public_order",
        "Public order (riot control, key sites, deterring looting and revenge)",
        5,
        "",
    ),
    ("aid_escort", "Humanitarian aid escort and protection of returnees", 4, ""),
    ("constabulary_training", "Training the Timorese police (academy in Dili)", 3, ""),
    ("engineering", "Engineering (roads, bridges, water, public buildings)", 1, "true"),
]

# ---------------------------------------------------------------- regions

# 2004 census population and area from domain.md (Dili = Dili 165,678 + Atauro 7,863,
# 228 + 141 km²). Authority: the peacekeeping sector (assumption modelled on the UNTAET
# PKF layout: West along the border, Central around Dili, East, and the Oecusse enclave).
# Risk 1..5 and the displacement weight are assumptions (see README.md).
#  code, name, population, area, authority, risk, border, displaced
REGIONS = [
    ("aileu", "Aileu", 37967, 735, "Sector Central", 2, False, 0.5),
    ("ainaro", "Ainaro", 52480, 802, "Sector West", 3, False, 0.75),
    ("baucau", "Baucau", 100748, 1494, "Sector East", 2, False, 0.5),
    ("bobonaro", "Bobonaro", 83579, 1374, "Sector West", 5, True, 1.0),
    ("covalima", "Covalima", 53063, 1207, "Sector West", 5, True, 1.0),
    ("dili", "Dili (incl. Atauro)", 165678 + 7863, 228 + 141, "Sector Central", 4, False, 1.0),
    ("ermera", "Ermera", 103322, 759, "Sector West", 3, False, 0.75),
    ("lautem", "Lautem", 56293, 1817, "Sector East", 1, False, 0.5),
    ("liquica", "Liquica", 54973, 562, "Sector West", 3, False, 0.75),
    ("manatuto", "Manatuto", 36897, 1787, "Sector East", 2, False, 0.5),
    ("manufahi", "Manufahi", 45081, 1338, "Sector Central", 2, False, 0.5),
    ("oecusse", "Oecusse (enclave in West Timor)", 57616, 817, "Oecusse Enclave", 4, True, 1.0),
    ("viqueque", "Viqueque", 65449, 1888, "Sector East", 2, False, 0.5),
]
# The district figures sum to 921,009; domain.md states a total of 923,198 (2,189 or
# 0.24% more, not attributed to any district). The district figures are used as given.
assert sum(r[2] for r in REGIONS) == 921009

# ---------------------------------------------------------------- demand rule
#
# Effective personnel needed, per 1,000 inhabitants of the district, by phase:
#
#   public_order(r, p)  = pop_r / 1000 * PO[p] * (0.4 + 0.2 * risk_r)   (all districts)
#   border_control(r,p) = pop_r / 1000 * BC[p]                         (border districts)
#   aid_escort(r, p)    = pop_r / 1000 * AE[p] * displaced_r            (all districts)
#   engineering(r, p)   = pop_r / 1000 * EN[p]                          (all districts)
#   constabulary_training(dili, p) = ceil(academy_capacity / trainees_per_trainer)
#                                    from the month the academy opens
#
# each rounded to a whole person. The risk factor is 0.6 (risk 1) .. 1.4 (risk 5).
# The phase ratios start in Quinlivan's "serious resistance" band (the whole-territory
# total is about 10 per 1,000 in the first phase) and fall towards his 2 per 1,000 for
# ordinary policing by the end; BC's first value is his 20 per 1,000 for serious
# insurgency, applied to the border districts only.

# (first, last, label, PO, BC, AE, EN)
PHASES = [
    ("1999-09", "2000-02", "INTERFET: militia violence, mass displacement", 3.6, 20.0, 2.5, 0.5),
    ("2000-03", "2000-12", "UNTAET: militia incursions from West Timor", 3.0, 16.0, 1.5, 0.4),
    ("2001-01", "2001-12", "UNTAET: incursions taper off, returns continue", 2.4, 12.0, 0.75, 0.3),
    ("2002-01", "2002-05", "run-up to independence (20 May 2002)", 2.1, 9.0, 0.0, 0.2),
    ("2002-06", "2003-06", "UNMISET: drawdown", 1.8, 6.0, 0.0, 0.1),
    ("2003-07", "2004-05", "UNMISET: to the handover of 19 May 2004", 1.6, 4.0, 0.0, 0.0),
    ("2004-06", "2004-08", "after the handover of policing and defence", 1.4, 3.0, 0.0, 0.0),
]

# ---------------------------------------------------------------- domestic force
# Course length, academy size and the trainer ratio are assumptions set from the
# figures in domain.md: Haiti ran about 1 international trainer per 32 trainees; Iraq
# and Afghanistan ran 8-week courses, Haiti 7 months; Afghanistan's provincial centre
# held 150 recruits per cycle, 3 cycles at once (450).
DOMESTIC = {
    "initial_strength": 0,  # the Indonesian police left in 1999; no Timorese force yet
    "recruits_per_month": 100,
    "course_months": 3,
    "academy_capacity": 300,  # 3 monthly intakes of 100 in course at once
    "trainees_per_trainer": 32,  # Haiti 2005: 788 recruits, 25 trainers
    "attrition_per_month": 0.01,
    "effectiveness": 0.6,
    "tasks": ["border_control", "aid_escort", "public_order"],
    "cost_per_person_month": 150,
}
ACADEMY_OPENS = "2000-03"  # assumption: the police academy in Dili opens in the spring of 2000

# ---------------------------------------------------------------- unit types
# Effectiveness per person on each task (0..1, blank = cannot): assumptions.
TYPE_COLUMNS = [t[0] for t in TASKS]
UNIT_TYPES = [
    (
        "infantry",
        "Infantry (light)",
        {"border_control": 1.0, "aid_escort": 0.9, "public_order": 0.7, "engineering": 0.1},
    ),
    (
        "mechanized_infantry",
        "Mechanized infantry / cavalry",
        {"border_control": 1.0, "aid_escort": 1.0, "public_order": 0.5},
    ),
    (
        "military_police",
        "Military police",
        {
            "border_control": 0.4,
            "aid_escort": 0.7,
            "public_order": 0.9,
            "constabulary_training": 0.5,
        },
    ),
    (
        "formed_police",
        "Formed police unit / gendarmerie",
        {
            "border_control": 0.3,
            "aid_escort": 0.6,
            "public_order": 1.0,
            "constabulary_training": 0.6,
        },
    ),
    (
        "engineers",
        "Engineers",
        {"border_control": 0.1, "aid_escort": 0.3, "public_order": 0.1, "engineering": 1.0},
    ),
    (
        "police_trainers",
        "Police trainers and mentors",
        {"public_order": 0.3, "constabulary_training": 1.0},
    ),
    (
        "aviation",
        "Aviation (utility helicopters)",
        {"border_control": 0.6, "aid_escort": 0.5, "engineering": 0.1},
    ),
]

# ---------------------------------------------------------------- nations
# AUS 5,500 and NZ 1,200 (INTERFET peaks), the UN reimbursement 1,332 USD per
# person-month and the rotation policies are domain.md figures; every other ceiling,
# date, cost and caveat is an assumption shaped after the public record of INTERFET
# (from September 1999) and the UN missions UNTAET (from February 2000) and UNMISET
# (from May 2002). UN = 1,332 USD, the lowest UN rate in domain.md (a 2014 figure,
# used here as an anachronistic stand-in for the 1999-2004 rate).
UN = 1332
NATION_COLUMNS = [
    "nation",
    "name",
    "lead",
    "tour_months",
    "dwell_months",
    "overlap_months",
    "reserve_max_months",
    "reserve_mobilizations",
    "reserve_window_months",
    "reserve_training_months",
    "reserve_max_share",
    "ceiling",
    "join",
    "leave",
    "cost_per_person_month",
    "rotation_cost_per_person",
    "budget_per_year",
    "refused_tasks",
    "refused_regions",
    "max_risk",
]
NATION_DEFAULTS = {"lead": False, "overlap_months": 0, "reserve_training_months": 0, "max_risk": 5}
ANZAC_RESERVE = {
    "reserve_max_months": 12,
    "reserve_mobilizations": 1,
    "reserve_window_months": 72,
    "reserve_training_months": 3,
}
NATIONS = [
    dict(
        nation="AUS",
        name="Australia",
        lead=True,
        tour_months=6,
        dwell_months=12,
        overlap_months=1,
        **ANZAC_RESERVE,
        reserve_max_share=0.2,
        ceiling=5500,
        cost_per_person_month=12000,
        rotation_cost_per_person=2500,
    ),
    dict(
        nation="NZL",
        name="New Zealand",
        tour_months=6,
        dwell_months=12,
        overlap_months=1,
        **ANZAC_RESERVE,
        reserve_max_share=0.3,
        ceiling=1200,
        leave="2002-11",
        cost_per_person_month=10000,
        rotation_cost_per_person=2500,
    ),
    dict(
        nation="THA",
        name="Thailand",
        tour_months=6,
        dwell_months=12,
        ceiling=1500,
        join="1999-10",
        leave="2003-06",
        cost_per_person_month=UN,
        rotation_cost_per_person=1000,
        max_risk=3,
    ),
    dict(
        nation="PHL",
        name="Philippines",
        tour_months=6,
        dwell_months=12,
        ceiling=600,
        join="1999-10",
        leave="2003-06",
        cost_per_person_month=UN,
        rotation_cost_per_person=1000,
        refused_tasks="public_order",
        max_risk=3,
    ),
    dict(
        nation="KOR",
        name="Republic of Korea",
        tour_months=6,
        dwell_months=12,
        ceiling=450,
        join="1999-10",
        leave="2003-10",
        cost_per_person_month=UN,
        rotation_cost_per_person=1200,
        refused_tasks="public_order",
        max_risk=4,
    ),
    dict(
        nation="FJI",
        name="Fiji",
        tour_months=6,
        dwell_months=12,
        ceiling=200,
        join="1999-11",
        cost_per_person_month=UN,
        rotation_cost_per_person=1200,
    ),
    dict(
        nation="ITA",
        name="Italy",
        tour_months=6,
        dwell_months=12,
        ceiling=600,
        join="1999-10",
        leave="2000-03",
        cost_per_person_month=9000,
        rotation_cost_per_person=4000,
        refused_regions="oecusse",
    ),
    dict(
        nation="GBR",
        name="United Kingdom",
        tour_months=4,
        dwell_months=12,
        ceiling=300,
        leave="1999-12",
        cost_per_person_month=9000,
        rotation_cost_per_person=4000,
    ),
    dict(
        nation="CAN",
        name="Canada",
        tour_months=6,
        dwell_months=12,
        ceiling=650,
        join="1999-10",
        leave="2000-03",
        cost_per_person_month=9000,
        rotation_cost_per_person=4000,
        refused_tasks="public_order",
    ),
    dict(
        nation="PRT",
        name="Portugal",
        tour_months=6,
        dwell_months=12,
        ceiling=900,
        join="2000-02",
        cost_per_person_month=UN,
        rotation_cost_per_person=3000,
        refused_regions="oecusse",
    ),
    dict(
        nation="JOR",
        name="Jordan",
        tour_months=12,
        dwell_months=12,
        ceiling=800,
        join="2000-02",
        leave="2002-05",
        cost_per_person_month=UN,
        rotation_cost_per_person=2500,
        max_risk=4,
    ),
    dict(
        nation="KEN",
        name="Kenya",
        tour_months=12,
        dwell_months=24,
        ceiling=700,
        join="2000-02",
        leave="2002-05",
        cost_per_person_month=UN,
        rotation_cost_per_person=2500,
        refused_tasks="engineering",
        max_risk=4,
    ),
]

# Political will fades: ceilings from a month on (assumption shaped after the drawdown
# from INTERFET to UNTAET to UNMISET; the first row repeats nations.csv's ceiling).
CEILINGS = {
    "AUS": [
        ("1999-09", 5500),
        ("2000-03", 2500),
        ("2002-06", 1600),
        ("2003-07", 900),
        ("2004-06", 400),
    ],
    "NZL": [("1999-09", 1200), ("2000-03", 1000), ("2001-07", 700)],
    "THA": [("1999-10", 1500), ("2000-04", 900), ("2002-06", 500)],
}
# Budgets: 100% of the person-months the ceiling allows in each fiscal year (July-June,
# Australia's), at the nation's cost per person-month, rounded down to a million.
BUDGET_SHARE = 1.0
BUDGET_NATIONS = ["AUS", "NZL"]

# ---------------------------------------------------------------- units
# Sizes follow the UN deployment-data codes (35, 150 company, 300, 650 battalion, 800).
# (nation, type, component, personnel, count, available_from, available_until)
UNIT_SPECS = [
    # Australia: the INTERFET brigade and its successors in Sector West
    ("AUS", "infantry", "active", 650, 9, None, None),
    ("AUS", "mechanized_infantry", "active", 650, 2, None, None),
    ("AUS", "military_police", "active", 150, 3, None, None),
    ("AUS", "engineers", "active", 300, 2, None, None),
    ("AUS", "aviation", "active", 150, 2, None, None),
    ("AUS", "police_trainers", "active", 35, 3, "2000-01", None),
    ("AUS", "infantry", "reserve", 150, 3, "2000-06", None),
    # New Zealand: a battalion group in Sector West, later with a Fijian company
    ("NZL", "infantry", "active", 650, 3, None, None),
    ("NZL", "infantry", "reserve", 150, 2, "2000-06", None),
    ("NZL", "aviation", "active", 150, 2, None, None),
    ("NZL", "police_trainers", "active", 35, 2, "2000-01", None),
    # Thailand: Sector East
    ("THA", "infantry", "active", 650, 5, None, None),
    ("THA", "engineers", "active", 150, 2, None, None),
    # Philippines: engineers and a light battalion
    ("PHL", "infantry", "active", 300, 3, None, None),
    ("PHL", "engineers", "active", 150, 2, None, None),
    # Republic of Korea
    ("KOR", "infantry", "active", 300, 3, None, None),
    # Fiji
    ("FJI", "infantry", "active", 150, 4, None, None),
    # INTERFET-only partners
    ("ITA", "infantry", "active", 300, 1, None, None),
    ("ITA", "formed_police", "active", 150, 1, None, None),
    ("GBR", "infantry", "active", 150, 2, None, None),
    ("CAN", "infantry", "active", 300, 1, None, None),
    ("CAN", "infantry", "active", 150, 1, None, None),
    ("CAN", "aviation", "active", 150, 1, None, None),
    # UN contributors from UNTAET on
    ("PRT", "infantry", "active", 650, 3, None, None),
    ("PRT", "military_police", "active", 150, 2, None, None),
    ("PRT", "police_trainers", "active", 35, 2, None, None),
    ("JOR", "infantry", "active", 650, 2, None, None),
    ("JOR", "formed_police", "active", 150, 3, None, None),
    ("KEN", "infantry", "active", 650, 2, None, None),
]

TYPE_ABBR = {
    "infantry": "inf",
    "mechanized_infantry": "mech",
    "military_police": "mp",
    "formed_police": "fpu",
    "engineers": "eng",
    "police_trainers": "trn",
    "aviation": "avn",
}


# ---------------------------------------------------------------- helpers


def ordinal(label: str) -> int:
    year, month = label.split("-")
    return int(year) * 12 + int(month) - 1


def label(value: int) -> str:
    return f"{value // 12:04d}-{value % 12 + 1:02d}"


def fiscal_year(month: str, start_month: int = 7) -> int:
    year, mon = (int(p) for p in month.split("-"))
    return year if mon >= start_month else year - 1


def horizon() -> list[str]:
    base = ordinal(START)
    return [label(base + i) for i in range(MONTHS)]


def funded_months() -> list[str]:
    """The horizon's months and those to the end of its last fiscal year: a tour begun in
    the horizon is charged to its fiscal years to their end (docs/rules.md, budget), so a
    last year funded for its months in the horizon alone (July and August 2004) would hold
    the lead to two months' money for a tour of six."""
    last = ordinal(f"{fiscal_year(END) + 1}-06")  # fiscal years begin in July
    return [label(month) for month in range(ordinal(START), last + 1)]


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    (HERE / name).write_text(buffer.getvalue(), encoding="utf-8")


def ceil_div(a: float, b: float) -> int:
    return int(-(-a // b))


# ---------------------------------------------------------------- tables


def demand_rows() -> list[list[object]]:
    trainers = ceil_div(DOMESTIC["academy_capacity"], DOMESTIC["trainees_per_trainer"])
    rows: list[list[object]] = []
    for code, _, pop, _, _, risk, border, displaced in REGIONS:
        thousands = pop / 1000
        for task in TYPE_COLUMNS:
            for first, last, _, po, bc, ae, en in PHASES:
                if task == "public_order":
                    value = thousands * po * (0.4 + 0.2 * risk)
                elif task == "border_control":
                    value = thousands * bc if border else 0.0
                elif task == "aid_escort":
                    value = thousands * ae * displaced
                elif task == "engineering":
                    value = thousands * en
                else:  # constabulary_training: trainers for a full academy, in Dili
                    if code != "dili" or ordinal(last) < ordinal(ACADEMY_OPENS):
                        continue
                    first = max(first, ACADEMY_OPENS, key=ordinal)
                    value = trainers
                personnel = round(value)
                if personnel <= 0:
                    continue
                previous = rows[-1] if rows else None
                if (
                    previous
                    and previous[:2] == [code, task]
                    and previous[4] == personnel
                    and ordinal(previous[3]) + 1 == ordinal(first)
                ):
                    previous[3] = last  # same requirement continues: one longer period
                else:
                    rows.append([code, task, first, last, personnel])
    return rows


def ceiling_at(nation: dict, month: str) -> int:
    steps = CEILINGS.get(nation["nation"], [])
    current = nation["ceiling"]
    for first, value in steps:
        if ordinal(first) <= ordinal(month):
            current = value
    join, leave = nation.get("join"), nation.get("leave")
    if (join and ordinal(month) < ordinal(join)) or (leave and ordinal(month) > ordinal(leave)):
        return 0
    return current


def budget_rows() -> list[list[object]]:
    by_code = {n["nation"]: n for n in NATIONS}
    rows: list[list[object]] = []
    for code in BUDGET_NATIONS:
        nation = by_code[code]
        person_months: dict[int, int] = {}
        for month in funded_months():
            year = fiscal_year(month)
            person_months[year] = person_months.get(year, 0) + ceiling_at(nation, month)
        for year, pm in sorted(person_months.items()):
            money = BUDGET_SHARE * pm * nation["cost_per_person_month"]
            if money > 0:
                rows.append([code, year, int(money // 1_000_000) * 1_000_000])
    return rows


def unit_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    counters: dict[tuple[str, str, str], int] = {}
    for nation, utype, component, personnel, count, first, last in UNIT_SPECS:
        for _ in range(count):
            key = (nation, utype, component)
            counters[key] = counters.get(key, 0) + 1
            suffix = "r" if component == "reserve" else ""
            code = f"{nation}-{TYPE_ABBR[utype]}-{suffix}{counters[key]}"
            rows.append([code, nation, utype, component, personnel, first, last])
    return rows


def scenario_yaml() -> str:
    d = DOMESTIC
    return (
        "name: timor-leste-1999\n"
        "description: >-\n"
        "  East Timor from INTERFET's landing (September 1999) through UNTAET and UNMISET\n"
        "  to August 2004: 13 districts, an Australian-led coalition of 12 contributors,\n"
        "  and a Timorese police trained from scratch. Public figures where known, the rest\n"
        "  stated assumptions: README.md marks which is which.\n"
        f"start: {START}\n"
        f"months: {MONTHS}\n"
        "fiscal_year_start: 7\n"
        "currency: USD\n"
        "domestic:\n"
        f"  initial_strength: {d['initial_strength']}\n"
        f"  recruits_per_month: {d['recruits_per_month']}\n"
        f"  course_months: {d['course_months']}\n"
        f"  academy_capacity: {d['academy_capacity']}\n"
        f"  trainees_per_trainer: {d['trainees_per_trainer']}\n"
        f"  attrition_per_month: {d['attrition_per_month']}\n"
        f"  effectiveness: {d['effectiveness']}\n"
        f"  tasks: [{', '.join(d['tasks'])}]\n"
        f"  cost_per_person_month: {d['cost_per_person_month']}\n"
    )


def build() -> None:
    assert ordinal(START) + MONTHS - 1 == ordinal(END)
    (HERE / "scenario.yaml").write_text(scenario_yaml(), encoding="utf-8")
    write_csv(
        "tasks.csv", ["task", "name", "priority", "ends_at_handover"], [list(t) for t in TASKS]
    )
    write_csv(
        "regions.csv",
        ["region", "name", "population", "area_km2", "authority", "risk", "border"],
        [list(r[:7]) for r in REGIONS],
    )
    write_csv(
        "nations.csv",
        NATION_COLUMNS,
        [[n.get(c, NATION_DEFAULTS.get(c)) for c in NATION_COLUMNS] for n in NATIONS],
    )
    write_csv(
        "unit_types.csv",
        ["type", "name", *TYPE_COLUMNS],
        [[code, name, *[eff.get(t) for t in TYPE_COLUMNS]] for code, name, eff in UNIT_TYPES],
    )
    write_csv(
        "units.csv",
        ["unit", "nation", "type", "component", "personnel", "available_from", "available_until"],
        unit_rows(),
    )
    write_csv("demand.csv", ["region", "task", "first", "last", "personnel"], demand_rows())
    write_csv(
        "ceilings.csv",
        ["nation", "from", "ceiling"],
        [[code, first, value] for code, steps in CEILINGS.items() for first, value in steps],
    )
    write_csv("budgets.csv", ["nation", "fiscal_year", "budget"], budget_rows())


if __name__ == "__main__":
    build()
