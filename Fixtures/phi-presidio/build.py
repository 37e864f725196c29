#!/usr/bin/env python3
"""Builds an independently written PHI test set from Microsoft's presidio-evaluator data (session 4).

The sentence templates (`templates.txt`, 209 lines) and the fake identities (`FakeNameGenerator.com_3000.csv`,
3,000 invented people of 24 name sets: Czech, Icelandic, Japanese, Chechen, Hungarian, …) come from the PyPI
wheel `presidio-evaluator==0.3.2` (MIT licence). They were written by other people for another system, so they
test the de-identifier on styles and names it was not written against. Neither file is committed: the script
downloads the wheel into a temporary folder (or takes `--wheel PATH`) and writes the JSONL.

    python3 Fixtures/phi-presidio/build.py > Fixtures/phi-presidio/phi-presidio.jsonl
    python3 Fixtures/phi-presidio/build.py --wheel /tmp/presidio_evaluator-0.3.2-py3-none-any.whl > …

Standard library only; deterministic (fixed seed, fixed wheel version): same bytes on every run.

Kept: templates with at least one field that is PHI under HIPAA Safe Harbor (person and name fields, dates
other than a bare year, phone, e-mail, URL, IP address, street address, city, postcode, account-like numbers:
credit card, IBAN, SSN, driver licence). Field → category: person/name/first_name/last_name/… → `name`;
date_of_birth/date_time (the date part) → `date`; phone_number → `phone`; email → `email`; url → `url`;
ip_address → `ip_address`; address (street and city parts), street_name, building_number, secondary_address,
city → `address`; postcode/zipcode (and the code inside an address) → `zip`; ssn, credit_card_number, iban,
us_driver_license → `identifier`. Filled but not PHI (no gold span): organization, country, nationality, job,
year, age (the identities are 19–85 years old; only ages ≥ 90 are PHI), state, day of week, title prefixes.

About half the lines are wrapped in a clinical-genetics sentence ("Telephone note, genetics clinic. Caller
said: …  Proband: BRCA2 c.5946delT.") whose genetics text is marked as `genetics` (must stay unchanged). The
wrappers add no PHI. No patient identity is given (pseudonym only): names must be found by pattern.

Split (by template, so test templates are unseen): the kept templates are shuffled with the seed and halved
into `D-dev` (rules may be tuned on it) and `D-test` (scored once after tuning). The identities are split as
well (even CSV rows → D-dev, odd → D-test), so D-test's people never occur in D-dev.
"""
import argparse
import csv
import glob
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile

VERSION = "0.3.2"
SEED = 4_20261129
FILLS = 3
# Templates with a date or an account-like number are rare (14 of 172): they get more fills, so the date and
# identifier rows are not decided by a handful of spans.
RARE_FILLS = 8
RARE_FIELDS = {"date_of_birth", "date_time", "ssn", "credit_card_number", "iban", "us_driver_license"}
RAW = "presidio_evaluator/data_generator/raw_data/"

NAME_FIELDS = {
    "person", "name", "name_female", "name_male", "first_name", "first_name_male", "first_name_female",
    "first_name_nonbinary", "last_name", "last_name_male", "last_name_female",
}
PHI_FIELDS = NAME_FIELDS | {
    "date_of_birth", "date_time", "phone_number", "email", "url", "ip_address", "address", "street_name",
    "building_number", "secondary_address", "city", "postcode", "zipcode", "ssn", "credit_card_number", "iban",
    "us_driver_license",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Clinical context around a template sentence; the genetics part is marked and must survive.
PREFIXES = [
    "Telephone note, genetics clinic. Caller said: ",
    "Family history intake (transcribed from the referral): ",
    "Genetic counselling session, notes verbatim: ",
    "Message left with the clinic front desk: ",
    "Pre-test counselling. Relative reported: ",
    "Spoke with the family; summary of what was said: ",
]
SUFFIXES = [
    ("Proband: {g}.", ["BRCA2 c.5946delT"]),
    ("Result: {g} (likely pathogenic).", ["NM_000492.4(CFTR):c.1521_1523del"]),
    ("Karyotype {g}; array normal.", ["46,XX,t(11;22)(q23;q11.2)"]),
    ("Known familial {g} variant, {g}.", ["MYBPC3", "p.(Arg502Trp)"]),
    ("Phenotype {g}, {g}.", ["HP:0001250", "HP:0001263"]),
    ("Suspected {g}; {g} testing ordered.", ["Marfan syndrome", "FBN1"]),
    ("Clinical diagnosis {g} ({g}).", ["Noonan syndrome", "OMIM 163950"]),
    ("Variant {g} in {g} classified VUS.", ["c.1796G>A", "PTPN11"]),
]


def fetch_wheel(tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    f"presidio-evaluator=={VERSION}", "-d", tmp], check=True, stdout=sys.stderr)
    wheels = glob.glob(os.path.join(tmp, f"presidio_evaluator-{VERSION}-*.whl"))
    if not wheels:
        sys.exit("build.py: the presidio-evaluator wheel was not downloaded")
    return wheels[0]


def load(wheel):
    with zipfile.ZipFile(wheel) as z:
        templates = z.read(RAW + "templates.txt").decode("utf-8").splitlines()
        people = list(csv.DictReader(io.StringIO(z.read(RAW + "FakeNameGenerator.com_3000.csv").decode("utf-8-sig"))))
    return [t.strip() for t in templates if t.strip()], people


class Filler:
    """Fills one template from one primary identity; further person/name fields draw further identities."""

    def __init__(self, rng, pool, primary):
        self.rng, self.pool, self.p = rng, pool, primary
        self.used_primary_full = False

    def other(self, gender=None):
        while True:
            q = self.rng.choice(self.pool)
            if q is not self.p and (gender is None or q["Gender"] == gender):
                return q

    def full_name(self, q):
        """[(text, category or None)] pieces of a person's name as written in running text."""
        r = self.rng.random()
        if r < 0.12:
            return [(q["Title"] + " ", None), (q["GivenName"] + " " + q["Surname"], "name")]
        if r < 0.27:
            return [(q["GivenName"] + " " + q["MiddleInitial"] + ". " + q["Surname"], "name")]
        return [(q["GivenName"] + " " + q["Surname"], "name")]

    def date(self, y, m, d):
        fmt = self.rng.randrange(6)
        if fmt == 0:
            return f"{m}/{d}/{y}"
        if fmt == 1:
            return f"{y:04d}-{m:02d}-{d:02d}"
        if fmt == 2:
            return f"{d} {MONTHS[m - 1]} {y}"
        if fmt == 3:
            return f"{MONTHS[m - 1]} {d}, {y}"
        if fmt == 4:
            return f"{d:02d}.{m:02d}.{y}"
        return f"{MONTHS[m - 1][:3]} {d}, {y}"

    def fill(self, field):
        p, rng = self.p, self.rng
        if field in ("person", "name"):
            q = p if not self.used_primary_full else self.other()
            self.used_primary_full = True
            return self.full_name(q)
        if field in ("name_female", "name_male"):
            q = self.other("female" if field == "name_female" else "male")
            return self.full_name(q)
        if field.startswith("first_name"):
            if field == "first_name_female" and p["Gender"] != "female":
                return [(self.other("female")["GivenName"], "name")]
            if field == "first_name_male" and p["Gender"] != "male":
                return [(self.other("male")["GivenName"], "name")]
            return [(p["GivenName"], "name")]
        if field.startswith("last_name"):
            return [(p["Surname"], "name")]
        if field == "prefix_male":
            return [(rng.choice(["Mr.", "Dr."]), None)]
        if field == "prefix_female":
            return [(rng.choice(["Mrs.", "Ms.", "Dr."]), None)]
        if field == "prefix":
            return [(p["Title"], None)]
        if field == "date_of_birth":
            m, d, y = (int(x) for x in p["Birthday"].split("/"))
            return [(self.date(y, m, d), "date")]
        if field == "date_time":
            y, m, d = rng.randrange(2001, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
            pieces = [(self.date(y, m, d), "date")]
            if rng.random() < 0.5:
                pieces.append((f" {rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}", None))
            return pieces
        if field == "phone_number":
            number = p["TelephoneNumber"]
            if rng.random() < 0.4:
                number = "+" + p["TelephoneCountryCode"] + " " + number
            return [(number, "phone")]
        if field == "email":
            return [(p["EmailAddress"], "email")]
        if field == "url":
            path = rng.choice(["", "/", "/contact", "/about-us", "/index.html"])
            return [(rng.choice(["https://www.", "http://", "www."]) + p["Domain"] + path, "url")]
        if field == "ip_address":
            if rng.random() < 0.2:
                return [(":".join(f"{rng.randrange(0, 65536):x}" for _ in range(8)), "ip_address")]
            return [(".".join(str(rng.randrange(1, 255)) for _ in range(4)), "ip_address")]
        if field == "address":
            pieces = [(p["StreetAddress"], "address"), (", ", None), (p["City"], "address")]
            if p["Country"] == "US":
                pieces += [(", " + p["State"] + " ", None), (p["ZipCode"], "zip")]
            else:
                pieces += [(" ", None), (p["ZipCode"], "zip")]
                if rng.random() < 0.5:
                    pieces.append((", " + p["CountryFull"], None))
            return pieces
        if field == "street_name":
            name = re.sub(r"^\d+[A-Za-z]?\s+|\s+\d+[A-Za-z]?$", "", p["StreetAddress"]).strip()
            return [(name or p["StreetAddress"], "address")]
        if field == "building_number":
            return [(str(rng.randrange(1, 2000)), "address")]
        if field == "secondary_address":
            return [(rng.choice(["Apt. ", "Suite ", "Unit ", "Flat "]) + str(rng.randrange(1, 400)), "address")]
        if field == "city":
            return [(p["City"], "address")]
        if field in ("postcode", "zipcode"):
            return [(p["ZipCode"], "zip")]
        if field == "ssn":
            return [(f"{rng.randrange(100, 900)}-{rng.randrange(10, 100)}-{rng.randrange(1000, 10000)}", "identifier")]
        if field == "credit_card_number":
            digits = "".join(str(rng.randrange(10)) for _ in range(16))
            if rng.random() < 0.5:
                digits = " ".join(digits[i:i + 4] for i in range(0, 16, 4))
            return [(digits, "identifier")]
        if field == "iban":
            body = "".join(rng.choice("0123456789") for _ in range(18))
            cc = rng.choice(["DE", "GB", "FR", "ES", "NL", "IT"])
            return [(cc + f"{rng.randrange(10, 100)}" + body, "identifier")]
        if field == "us_driver_license":
            return [(rng.choice("ABCDEFGHJKLMNPRSTWY") + "".join(str(rng.randrange(10)) for _ in range(7)), "identifier")]
        if field == "organization":
            return [(p["Company"], None)]
        if field == "job":
            return [(p["Occupation"].lower() if rng.random() < 0.5 else p["Occupation"], None)]
        if field == "country":
            return [(p["CountryFull"], None)]
        if field in ("nationality", "nation_woman", "nation_plural"):
            base = p["NameSet"] if p["NameSet"] != "Brazil" else "Brazilian"
            if field == "nation_woman":
                return [(base + " woman", None)]
            if field == "nation_plural":
                return [(base + "s" if not base.endswith("sh") and not base.endswith("ch") else base + " people", None)]
            return [(base, None)]
        if field == "year":
            return [(str(rng.randrange(1950, 2025)), None)]
        if field == "age":
            return [(p["Age"], None)]
        if field == "state_abbr":
            return [(p["State"], None)]
        if field == "day_of_week":
            return [(rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]), None)]
        sys.exit(f"build.py: unknown template field {field}")


def render(template, filler):
    """Text and gold spans of one filled template."""
    text, spans, pos = "", [], 0
    template = template.replace("\\n", "\n")
    for m in re.finditer(r"\{\{\s*(\w+)\s*\}\}", template):
        text += template[pos:m.start()]
        for piece, category in filler.fill(m.group(1)):
            if category:
                spans.append({"start": len(text), "end": len(text) + len(piece), "category": category})
            text += piece
        pos = m.end()
    text += template[pos:]
    return text, spans


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="path of presidio_evaluator-0.3.2-py3-none-any.whl (default: pip download)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        templates, people = load(args.wheel or fetch_wheel(tmp))

    rng = random.Random(SEED)
    kept = [(i + 1, t) for i, t in enumerate(templates)
            if set(re.findall(r"\{\{\s*(\w+)\s*\}\}", t)) & PHI_FIELDS]
    order = list(range(len(kept)))
    rng.shuffle(order)
    dev = set(order[: len(order) // 2])
    pools = {"D-dev": [p for p in people if int(p["Number"]) % 2 == 0],
             "D-test": [p for p in people if int(p["Number"]) % 2 == 1]}

    out = sys.stdout
    for k, (line_no, template) in enumerate(kept):
        split = "D-dev" if k in dev else "D-test"
        fields = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", template))
        for fill in range(RARE_FILLS if fields & RARE_FIELDS else FILLS):
            pool = pools[split]
            filler = Filler(rng, pool, rng.choice(pool))
            body, spans = render(template, filler)
            text, genetics = body, []
            if rng.random() < 0.5:
                prefix = rng.choice(PREFIXES)
                suffix, genes = rng.choice(SUFFIXES)
                for s in spans:
                    s["start"] += len(prefix)
                    s["end"] += len(prefix)
                # A sentence of its own: end the template's sentence first when it has no closing mark.
                text = prefix + body + (" " if body.rstrip()[-1:] in ".!?\"'" else ". ")
                parts = suffix.split("{g}")
                for part, gene in zip(parts, genes):
                    text += part
                    genetics.append({"start": len(text), "end": len(text) + len(gene)})
                    text += gene
                text += parts[-1]
            rid = f"pr-{line_no:03d}-{fill}"
            record = {"id": rid, "split": split, "text": text, "patient": {"pseudonym": "P-" + rid},
                      "phi": spans, "genetics": genetics, "source": f"presidio-evaluator {VERSION} templates.txt:{line_no}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
