#!/usr/bin/env python3
"""Builds the synthetic PHI test set (phi-set.jsonl) for `mendel-bench deid`.

Every name, number, address and date here is invented. Templates are short clinical-genetics note
snippets; markup in a template:
  [[category:literal]]   a literal PHI span (gold)
  {{literal}}            a literal genetics span that must survive unchanged
  <SLOT>                 a slot filled from the pools below (PHI or genetics, per slot)
Templates marked HOLDOUT were written before the recogniser was run on them and are reported separately.
Run: python3 Fixtures/phi/generate.py > Fixtures/phi/phi-set.jsonl   (deterministic, seed 7)
"""
import datetime
import json
import random
import re

rng = random.Random(7)

GIVEN = ["Anna", "Lukas", "Maria", "James", "Fatima", "Wei", "Thaddeus", "Marisol", "Ingeborg", "Oluwadamilare",
         "Siobhan", "Radomir", "Esperanza", "Leocadia", "Bartholomew", "Kofi", "Anouk", "Dagny", "Yevgenia", "Tomasz",
         "Priyanka", "Ximena", "Ottilie", "Henrik", "Aurelio", "Noemi", "Cassius", "Linnea", "Zoltan", "Mirela"]
FAMILY = ["Keller", "Okonkwo", "Vasquez-Ruiz", "O'Donnell", "Nakashima", "Brzezinski", "Haddad", "Lindqvist",
          "MacAllister", "Oyelaran", "Castellanos", "Featherstone", "Abernathy", "Quispe", "Dimitriou",
          "Thorsdottir", "Pemberton", "Achterberg", "Szczepanski", "Villanueva", "Ruggiero", "Halvorsen"]
CLIN_GIVEN = ["Helena", "Marcus", "Priya", "Jonas", "Carla", "Oren", "Beatrix", "Tariq", "Sunniva", "Desmond",
              "Ilse", "Rafael", "Greta", "Emeka", "Mireille", "Lorcan"]
CLIN_FAMILY = ["Strand", "Albrecht", "Moreno", "Whitfield", "Iyer", "Kowalczyk", "Bergstrom", "Fairbanks",
               "Delacroix", "Osei", "Tanaka", "Hargreaves", "Lindgren", "Petrakis", "Quinlan", "Varga"]
STREETS = ["Maple", "Hawthorne", "Birchwood", "Old Mill", "Juniper", "Larkspur", "Carrington", "Elm", "Quarry Hill"]
SUFFIX = ["Street", "St.", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Court", "Boulevard", "Way", "Place"]
CITIES = ["Port Harlow", "Millbrook", "Ashford Falls", "Cedar Grove", "Brackenridge", "Wexley", "Granton"]
STATES = ["IL", "MA", "OH", "CA", "NY", "TX", "WA", "MN"]
DOMAINS = ["example.org", "example.com", "mail.example.net", "clinic-example.org", "example.health"]
GENES = ["FBN1", "SCN1A", "CFTR", "MECP2", "PTPN11", "COL1A1", "NF1", "TSC2", "KMT2D", "CHD7", "DMD", "SMN1"]

def date_value():
    start = datetime.date(1948, 1, 1)
    return start + datetime.timedelta(days=rng.randrange(0, 365 * 77))

def ordinal(n):
    return str(n) + ("th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))

def fmt_date(d, style=None):
    styles = ["mdy", "dmy_big", "iso", "dot", "d_month_y", "month_d_y", "month_ord_y", "mon_d_y", "mon_dash_y",
              "month_y", "m_slash_y", "d_mon_y", "short_mdy", "weekday", "ord_of", "mon_dot", "upper_dmy",
              "iso_slash", "month_ord", "two_digit_dmy"]
    style = style or rng.choice(styles)
    B = d.strftime("%B"); b = d.strftime("%b")
    if style == "mdy": return d.strftime("%m/%d/%Y")
    if style == "dmy_big":
        d2 = d.replace(day=max(13, d.day)) if d.day < 13 else d
        return d2.strftime("%d/%m/%Y")
    if style == "iso": return d.strftime("%Y-%m-%d")
    if style == "dot": return d.strftime("%d.%m.%Y")
    if style == "d_month_y": return f"{d.day} {B} {d.year}"
    if style == "month_d_y": return f"{B} {d.day}, {d.year}"
    if style == "month_ord_y": return f"{B} {ordinal(d.day)}, {d.year}"
    if style == "mon_d_y": return f"{b} {d.day}, {d.year}"
    if style == "mon_dash_y": return f"{b}-{d.year}"
    if style == "month_y": return f"{B} {d.year}"
    if style == "m_slash_y": return d.strftime("%m/%Y")
    if style == "d_mon_y": return f"{d.day:02d}-{b}-{d.year}"
    if style == "short_mdy": return f"{d.month}/{d.day}/{d.strftime('%y')}"
    if style == "weekday": return f"{d.strftime('%A')}, {B} {d.day}, {d.year}"
    if style == "ord_of": return f"{ordinal(d.day)} of {B} {d.year}"
    if style == "mon_dot": return f"{b}. {d.day}, {d.year}" if b != "May" else f"May {d.day}, {d.year}"
    if style == "upper_dmy": return f"{d.day:02d} {b.upper()} {d.year}"
    if style == "iso_slash": return d.strftime("%Y/%m/%d")
    if style == "month_ord": return f"{B} {ordinal(d.day)}"
    if style == "two_digit_dmy":
        d2 = d.replace(day=max(13, d.day)) if d.day < 13 else d
        return d2.strftime("%d.%m.%y")
    raise ValueError(style)

def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))

def phone():
    a, b, c = "555", digits(3), digits(4)
    style = rng.randrange(9)
    return ["(%s) %s-%s" % (a, b, c), "%s-%s-%s" % (a, b, c), "%s.%s.%s" % (a, b, c), "+1 %s %s %s" % (a, b, c),
            "+44 20 7946 " + digits(4), "+49 30 " + digits(7), "%s %s %s" % (a, b, c), "+1-%s-%s-%s" % (a, b, c),
            "1-%s-%s-%s" % (a, b, c)][style]

def mrn():
    return rng.choice([digits(8), digits(7), "00" + digits(6), "M" + digits(7), digits(10), "MRN" + digits(6)])

SLOTS = {
    # PHI slots: (category, generator)
    "DATE": ("date", lambda: fmt_date(date_value())),
    "DATE_NUM": ("date", lambda: fmt_date(date_value(), rng.choice(["mdy", "iso", "dot", "short_mdy", "dmy_big", "iso_slash"]))),
    "DATE_TEXT": ("date", lambda: fmt_date(date_value(), rng.choice(["d_month_y", "month_d_y", "month_ord_y", "mon_d_y", "weekday", "ord_of", "mon_dot", "upper_dmy", "d_mon_y"]))),
    "MONTHYEAR": ("date", lambda: fmt_date(date_value(), rng.choice(["mon_dash_y", "month_y", "m_slash_y"]))),
    "MRN": ("identifier", mrn),
    "ACC": ("identifier", lambda: rng.choice(["G" + digits(2) + "-" + digits(5), "ACC-20" + digits(2) + "-" + digits(6), "LAB" + digits(9), digits(2) + "-GEN-" + digits(5)])),
    "SSN": ("identifier", lambda: digits(3) + "-" + digits(2) + "-" + digits(4)),
    "INS": ("identifier", lambda: rng.choice(["XGH" + digits(9), "W" + digits(9), digits(11), "QPX-" + digits(4) + "-" + digits(4)])),
    "NHS": ("identifier", lambda: digits(3) + " " + digits(3) + " " + digits(4)),
    "LONGID": ("identifier", lambda: digits(rng.choice([9, 10, 12]))),
    "PHONE": ("phone", phone),
    "EMAIL": ("email", lambda: rng.choice(["a.keller", "jstrand", "genetics.desk", "m_okonkwo77", "parent.contact"]) + "@" + rng.choice(DOMAINS)),
    "URL": ("url", lambda: rng.choice(["https://portal.", "http://www.", "https://", "www."]) + rng.choice(DOMAINS) + rng.choice(["/patient/" + digits(6), "/results?id=" + digits(5), "", "/family-pedigree"])),
    "IP": ("ip_address", lambda: rng.choice(["10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)), "192.168.%d.%d" % (rng.randrange(256), rng.randrange(1, 255)), "172.16.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))])),
    "STREET": ("address", lambda: "%d %s %s" % (rng.randrange(1, 9999), rng.choice(STREETS), rng.choice(SUFFIX))),
    "CITY": ("address", lambda: rng.choice(CITIES)),
    "ZIP": ("zip", lambda: rng.choice(["0", "1", "4", "6", "9"]) + digits(4)),
    "AGE90": ("age", lambda: str(rng.randrange(90, 104))),
    "CLIN": ("name", lambda: rng.choice(CLIN_GIVEN) + " " + rng.choice(CLIN_FAMILY)),
    "CLINFAM": ("name", lambda: rng.choice(CLIN_FAMILY)),
    "CLININIT": ("name", lambda: rng.choice(CLIN_GIVEN)[0] + ". " + rng.choice(CLIN_FAMILY)),
    "REL": ("name", lambda: rng.choice(CLIN_GIVEN + GIVEN)),
    # Genetics slots
    "GENE": ("genetics", lambda: rng.choice(GENES)),
    "HGVS": ("genetics", lambda: rng.choice(["NM_000138.5(FBN1):c.1585C>T", "c.1585C>T", "p.(Arg529*)", "c.5946delT",
                                             "NM_001165963.4:c.2836C>T", "p.Gly12Asp", "c.1521_1523delCTT", "m.3243A>G",
                                             "NC_000007.14:g.117559590G>A", "c.2019-12A>G", "c.1203-12_1203-3del",
                                             "c.[1A>G;1024del]", "NM_004006.3:c.10171C>T", "p.(Phe508del)"])),
    "RS": ("genetics", lambda: "rs" + str(rng.randrange(100000, 999999999))),
    "KARYO": ("genetics", lambda: rng.choice(["46,XY", "46,XX", "47,XX,+21", "45,X", "47,XXY", "46,XX,del(5)(p15.2)", "46,XY,t(11;22)(q23;q11.2)", "mos 45,X[12]/46,XX[18]"])),
    "BAND": ("genetics", lambda: rng.choice(["22q11.21", "15q11.2", "Xq28", "1p36.33", "7q11.23", "17p11.2", "15q11.2-q13", "16p11.2"])),
    "ARRAY": ("genetics", lambda: rng.choice(["arr[GRCh37] 15q11.2q13.1(22770421_23282799)x1", "arr[GRCh38] 22q11.21(18912231_21465672)x1", "arr[hg19] 16p11.2(29591326_30190029)x3"])),
    "COORD": ("genetics", lambda: rng.choice(["chr7:117,559,590-117,669,665", "chrX:153,287,024", "chr15:23,290,787-28,384,378", "chr3:128,204,951"])),
    "ONTO": ("genetics", lambda: rng.choice(["HP:0001166", "OMIM #154700", "ORPHA:558", "MONDO:0007947", "HP:0004322", "OMIM 176270", "MIM#300624", "PMID: 20301331"])),
    "LAB": ("genetics", lambda: rng.choice(["CK 12,450 U/L", "lactate 4.2 mmol/L", "ammonia 186 µmol/L", "a 1.5 Mb deletion", "ALT 231 U/L", "FVC 45%", "phenylalanine 1,240 µmol/L"])),
}

TEMPLATES = [
    # Names from the record and by pattern
    "Patient: <PNAME>, DOB <DATE_NUM>, MRN <MRN>. Referred for {{FBN1}} testing.",
    "<PGIVEN> is a 7-year-old girl seen in genetics clinic on <DATE> for global developmental delay.",
    "Name: <PFAMILY_UP>, <PGIVEN>   MRN: <MRN>   Sex: F",
    "Dear Dr. <CLINFAM>, thank you for referring <PGIVEN> <PFAMILY>, whom I saw on <DATE_TEXT>.",
    "Mr. <PFAMILY> reports that his daughter was diagnosed with {{Noonan syndrome}} in <MONTHYEAR>.",
    "Mrs. <PFAMILY> (mother, 34) carries the familial variant <HGVS> in <GENE>.",
    "Her mother, <REL>, has bilateral lens subluxation; her brother <REL> is unaffected.",
    "Seen by <CLIN> and <CLININIT> (genetic counselor).",
    "Electronically signed by <CLIN>, MD on <DATE_NUM> 14:32.",
    "Sincerely,\n<CLIN>, MS, CGC\nClinical Genetics",
    "Report reviewed by Dr. <CLIN>. Result: heterozygous <HGVS> in <GENE> ({{<RS>}}).",
    "cc: Dr. <CLININIT>, Pediatric Neurology",
    "<PGIVEN>'s parents are non-consanguineous; karyotype {{<KARYO>}}.",
    "The patient <PGIVEN> <PFAMILY> was admitted on <DATE> with hypotonia.",
    "Proband: <PGIVEN> <PFAMILY> (II-3). Sister <REL> (II-2) has the same <BAND> deletion.",
    "Attending: <CLIN>   Resident: <CLIN>",
    "<CLIN>, PhD, FACMG\nLaboratory Director",
    "Discussed results with <PGIVEN>'s father <REL> by phone at <PHONE>.",
    "-- <CLIN>\nGenetic Counseling Service",
    "Referred by <CLIN> (pediatrician) for evaluation of {{<ONTO>}} tall stature.",
    # Dates
    "DOB: <DATE_NUM>. Date of visit: <DATE_NUM>. Follow-up in 6 months.",
    "Echocardiogram on <DATE_TEXT> showed aortic root dilatation (Z-score +3.4).",
    "Seizure onset <MONTHYEAR>; {{<GENE>}} panel sent <DATE>.",
    "Sample collected <DATE>, received <DATE>, reported <DATE>.",
    "Last seen <DATE_TEXT>; next appointment <DATE_NUM>.",
    "Born at 36 weeks on <DATE_NUM> (birth weight 2.1 kg).",
    "MRI brain (<DATE_NUM>): normal. EEG <DATE_TEXT>: generalized spike-wave.",
    "Since <MONTHYEAR> the CK has risen to {{<LAB>}}.",
    "Variant {{<HGVS>}} first reported to the family on <DATE_TEXT>.",
    "She was diagnosed on <DATE> and started enzyme replacement on <DATE>.",
    # Identifiers
    "MRN: <MRN>  Acc#: <ACC>  Specimen: blood (EDTA)",
    "Medical record number <MRN>; lab accession <ACC>.",
    "SSN <SSN> on file; insurance ID <INS>.",
    "Member ID: <INS>. Medicaid # <LONGID>.",
    "NHS number <NHS>. GP: Dr <CLINFAM>.",
    "Accession number: <ACC> — exome sequencing, trio.",
    "Requisition <LONGID> received with incomplete consent form.",
    "Order #<LONGID> for chromosomal microarray: {{<ARRAY>}}.",
    "Patient ID <MRN> matched to sample <ACC> by two identifiers.",
    "Specimen ID: <ACC>; transcript {{NM_000138.5}} used for annotation.",
    # Contacts and locations
    "Contact: <EMAIL>, tel. <PHONE>.",
    "Mother can be reached at <PHONE> or <EMAIL>.",
    "Results uploaded to <URL> for the family.",
    "Family pedigree available at <URL>.",
    "Remote access from <IP> logged by the portal.",
    "Address: <STREET>, <CITY>, <STATE> <ZIP>.",
    "The family lives at <STREET> in <CITY>.",
    "Lives in <CITY> with her grandmother; ZIP <ZIP>.",
    "Send the report to <STREET>, Apt 4B, <CITY>, <STATE> <ZIP>.",
    "Fax results to <PHONE>; questions to <EMAIL>.",
    # Ages
    "<AGE90>-year-old man with late-onset ataxia; {{<GENE>}} repeat expansion testing.",
    "Her grandmother, aged <AGE90>, has hearing loss.",
    "Paternal grandfather died at age <AGE90> of heart failure.",
    "Great-grandmother (<AGE90> yo) is healthy.",
    "Age: <AGE90>. Indication: familial cancer, {{BRCA2}} c.5946delT known in family.",
    # Genetics-heavy with PHI
    "Trio exome (<DATE_NUM>): de novo {{<HGVS>}} in {{<GENE>}}, karyotype {{<KARYO>}}, MRN <MRN>.",
    "CMA: {{<ARRAY>}}, consistent with {{<BAND>}} deletion syndrome. Reported to <CLIN> on <DATE>.",
    "Variant {{<RS>}} at {{<COORD>}}; call back <PHONE>.",
    "{{<ONTO>}} and {{<ONTO>}} recorded; lab value {{<LAB>}} on <DATE_NUM>.",
    "Familial {{<HGVS>}} confirmed by Sanger sequencing in <PGIVEN> on <DATE_TEXT>.",
    # Hard cases
    "Ms. [[name:Kit]] was counselled about her {{KIT}} c.1676T>A result; {{KIT}} is a proto-oncogene.",
    "[[name:Hope]] has {{MET}} exon 14 skipping; [[name:Hope]]'s mother agreed to testing.",
    "Mr. [[name:Williams]] asked whether his son has {{Williams syndrome}} ({{7q11.23}} deletion).",
    "[[name:Rose]] (MRN <MRN>) was seen today; her CK rose to {{CK 9,800 U/L}} after exercise.",
    "[[name:Gene]] [[name:Marchetti]] underwent a gene panel including {{SCN1A}} and {{CHD2}}.",
    "Intronic variant {{c.2019-12A>G}} found on <DATE_NUM>; the visit was in [[date:2019-12]].",
    "Coordinates {{chr3:128,204,951}} (not a phone number); the clinic phone is [[phone:(312) 204-9510]].",
    "Karyotype {{46,XY}}; 46, 47 and 48 chromosome counts were seen in the mosaic culture.",
    "Dr. [[name:Down]] confirmed the diagnosis of {{Down syndrome}} ({{47,XY,+21}}).",
    "{{NM_000138.5}} and MRN <MRN> must not be confused.",
    "She is 89 years old; her aunt is [[age:94]] years old.",
    "Treated for 90 days with losartan; age [[age:91]] at last contact.",
    "Patient [[name:Will]] will return in <MONTHYEAR> for {{DMD}} results.",
    "{{g.48712345del}} and {{m.8993T>G}} detected; specimen [[identifier:48712345]] is a different thing.",
    "Re: [[name:MARCHETTI]], [[name:Gene]] — {{PTPN11}} {{p.Asn308Asp}}.",
]

HOLDOUT = [
    "Clinic letter, <DATE_TEXT>. Re: <PGIVEN> <PFAMILY>, DOB <DATE_NUM>, hospital no. <MRN>.",
    "Thank you for seeing <PGIVEN>, who presented with {{<ONTO>}} and a family history of sudden death.",
    "I met with <PGIVEN> and her partner <REL> on <DATE_TEXT> to discuss {{<GENE>}} results.",
    "Results were telephoned to Dr. <CLIN> (<PHONE>) on <DATE_NUM>.",
    "Patient portal login from <IP> at 09:14 on <DATE_NUM>.",
    "Home address on file: <STREET>, <CITY>, <STATE> <ZIP>; e-mail <EMAIL>.",
    "<AGE90>-year-old grandmother with dementia; {{APOE}} not tested.",
    "Specimen <ACC> (saliva) failed QC; repeat kit posted <DATE_TEXT>.",
    "Counselling provided by <CLIN>, CGC. Signed <DATE_NUM>.",
    "The proband's uncle <REL> <PFAMILY> died in <MONTHYEAR> aged 52.",
    "Insurance: Medicaid, member number <INS>; prior authorization <LONGID>.",
    "{{<KARYO>}} on G-banding (<DATE_NUM>); FISH for {{<BAND>}} normal.",
    "Heteroplasmy of {{m.3243A>G}} was 38% in urine ({{<LAB>}}); sample sent <DATE>.",
    "Please contact <CLININIT> at <EMAIL> or <PHONE> with questions.",
    "Pedigree: <PGIVEN> (proband), brother <REL>, maternal aunt <REL>.",
    "Variant interpretation meeting <DATE_TEXT>: {{<HGVS>}} upgraded to likely pathogenic.",
    "Seen with her mother <REL> <PFAMILY>, who lives in <CITY>.",
    "Visit note by <CLIN>. MR# <MRN>. Visit date <DATE_NUM>.",
    "Account <LONGID> closed after transfer to <URL>.",
    "Previous testing (<MONTHYEAR>): {{<ARRAY>}}.",
    "<PGIVEN> <PFAMILY> is now <AGE90> and lives independently.",
    "Dictated by <CLIN> on <DATE_TEXT>; transcribed <DATE_NUM>.",
    "{{<RS>}} genotype CT; next of kin <REL> <PFAMILY>, phone <PHONE>.",
    "SSN: <SSN>. Emergency contact: <REL> (<PHONE>).",
    "The {{<HGVS>}} variant in {{<GENE>}} was reported at {{<COORD>}} on <DATE_NUM>.",
]

# Written after the rules were tuned on "dev" and fixed once on "holdout"; run once, reported as is.
HOLDOUT2 = [
    "PT: <PFAMILY_UP>, <PGIVEN> | MRN <MRN> | DOB: <DATE_NUM> | Ref: <CLIN>",
    "Spoke to mum (<REL>) on the phone today - she is worried about the {{<GENE>}} result.",
    "Hx: <PGIVEN> had hypotonia from birth; walked at 2y. Dad <REL> has similar features.",
    "Letter to GP Dr <CLINFAM> sent <DATE_TEXT>, copy to parents at <STREET>.",
    "Pt reachable on mobile <PHONE> after 5pm.",
    "FISH ({{<BAND>}}) requested <DATE_NUM>, specimen no. <ACC>.",
    "Sibling <REL> (age 9) and grandmother (age <AGE90>) were also examined.",
    "Consent signed by <PGIVEN> <PFAMILY> and witnessed by <CLIN> on <DATE_NUM>.",
    "e-mail from <EMAIL> re: travel insurance form, policy no. <INS>.",
    "The {{<HGVS>}} variant was also found in her cousin <REL> <PFAMILY>.",
    "Clinic: Tuesday genetics list; booked by <CLIN>; slot <DATE_TEXT> 10:30.",
    "Transferred from Millbrook General; address now <STREET>, <CITY> <ZIP>.",
    "Exome reanalysis (<MONTHYEAR>) negative; {{<ONTO>}}; contact lab at <URL>.",
    "Call from <PHONE> (father) — wants to know if {{<KARYO>}} means Down syndrome.",
    "<CLININIT> (ST3 genetics) discussed recurrence risk with <PGIVEN>'s parents.",
    "Follow up <DATE_NUM> with Dr. <CLIN> at the metabolic clinic.",
    "<PGIVEN> <PFAMILY>, a <AGE90> y/o woman, presents with a family history of {{<GENE>}}-related cancer.",
    "Account no. <LONGID>; billing queries to <EMAIL>.",
    "Samples from <PGIVEN> and both parents received <DATE>; lab ref <ACC>.",
    "Notes reviewed <DATE_TEXT> by <CLIN>, consultant clinical geneticist.",
]

PATIENT_SLOTS = {"PNAME", "PGIVEN", "PFAMILY", "PFAMILY_UP"}
SPECIAL_PATIENTS = {  # templates with literal record names
    "Ms. [[name:Kit]]": (["Joanna"], ["Kit"]),
    "[[name:Hope]] has": (["Hope"], ["Abernathy"]),
    "Mr. [[name:Williams]]": (["Desmond"], ["Williams"]),
    "[[name:Rose]] (MRN": (["Rose"], ["Featherstone"]),
    "[[name:Gene]] [[name:Marchetti]]": (["Gene"], ["Marchetti"]),
    "Patient [[name:Will]]": (["Will"], ["Pemberton"]),
    "Re: [[name:MARCHETTI]]": (["Gene"], ["Marchetti"]),
}

TOKEN = re.compile(r"\[\[(\w+):(.*?)\]\]|\{\{(.*?)\}\}|<([A-Z_0-9]+)>")

def render(template, patient):
    text, phi, genetics = "", [], []
    def emit(value, kind):
        nonlocal text
        start = len(text)
        text += value
        if kind == "genetics":
            genetics.append({"start": start, "end": len(text)})
        elif kind:
            phi.append({"start": start, "end": len(text), "category": kind})
    pos = 0
    for m in TOKEN.finditer(template):
        text += template[pos:m.start()]
        pos = m.end()
        if m.group(1):
            emit(m.group(2), m.group(1))
        elif m.group(3) is not None:
            inner = m.group(3)
            # A genetics span may contain a slot: {{<GENE>}}.
            slot = re.fullmatch(r"<([A-Z_0-9]+)>", inner)
            emit(SLOTS[slot.group(1)][1]() if slot else inner, "genetics")
        else:
            name = m.group(4)
            if name == "PNAME": emit(patient["given"][0] + " " + patient["family"][0], "name")
            elif name == "PGIVEN": emit(patient["given"][0], "name")
            elif name == "PFAMILY": emit(patient["family"][0], "name")
            elif name == "PFAMILY_UP": emit(patient["family"][0].upper(), "name")
            elif name == "STATE": text += rng.choice(STATES)
            else:
                category, gen = SLOTS[name]
                value = gen()
                if name == "MRN" and "MRN" in patient["id_slots"]:
                    patient["identifiers"].append(value)
                emit(value, category)
    text += template[pos:]
    return text, phi, genetics

def main():
    lines = []
    for split, templates, copies in (("dev", TEMPLATES, 2), ("holdout", HOLDOUT, 2), ("holdout2", HOLDOUT2, 2)):
        for t_index, template in enumerate(templates):
            for copy in range(copies):
                special = next((v for k, v in SPECIAL_PATIENTS.items() if template.startswith(k) or k in template), None)
                given, family = special if special else ([rng.choice(GIVEN)], [rng.choice(FAMILY)])
                patient = {"given": given, "family": family, "identifiers": [], "id_slots": {"MRN"} if copy == 0 else set()}
                text, phi, genetics = render(template, patient)
                lines.append({
                    "id": f"{split}-{t_index:03d}-{copy}", "split": split, "text": text,
                    "patient": {"pseudonym": f"P-{split}-{t_index:03d}-{copy}", "given": given, "family": family,
                                "identifiers": patient["identifiers"]},
                    "phi": phi, "genetics": genetics,
                })
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))

main()
