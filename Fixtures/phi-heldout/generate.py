#!/usr/bin/env python3
"""Held-out synthetic PHI set for the de-identifier (session 3, written independently of Fixtures/phi).

Every name, number, address and date below is invented or randomly combined; nothing refers to a real
person. Deterministic: `python3 Fixtures/phi-heldout/generate.py > Fixtures/phi-heldout/phi-heldout.jsonl`.

Templates use slots `[[cat:key]]`: cat is a PHI category (n name, d date, i identifier, p phone, e email,
u url, ip ip_address, a address, z zip, ag age), `g` for genetics text that must stay unchanged, or `t`
for plain generated text that is neither. Within one snippet the same key gives the same value (a person
mentioned twice is the same person). `[[g=TEXT]]` / `[[t=TEXT]]` mark literal text.

Split: templates alternate between half "A" and half "B" inside each style group, and every name pool is
split in two, so half B's people never occur in half A (the rules may be tuned on A only). Part "C" (own
templates, own names, own random stream) was added after the rules had been changed on A and B; A and B
are byte-identical with or without it.
"""
import json
import random
import re
import sys

SEED = 20261129
rng = random.Random(SEED)

# ----------------------------------------------------------------------------------------------- names
# (given, family, order) — order "gf" = given family, "fg" = family given (Chinese usage in notes).
GIVEN = {
    "spanish": ["José Luis", "Lucía", "Íñigo", "Ximena", "Rocío", "Guillermo", "Maite", "Joaquín", "Begoña", "Tomás"],
    "arabic": ["Abdulrahman", "Layla", "Yousef", "Noor", "Khalid", "Fatima", "Tariq", "Hala", "Samir", "Rania"],
    "chinese": ["Xiaoming", "Jiahui", "Zihan", "Yuxuan", "Meilin", "Haoran", "Shuang", "Wenjie", "Qian", "Liang"],
    "indian": ["Priyanka", "Venkatesh", "Ananya", "Harpreet", "Rajendra", "Lakshmi", "Siddharth", "Deepika", "Arvind", "Kavitha"],
    "nigerian": ["Chukwuemeka", "Ngozi", "Oluwaseun", "Adaeze", "Babatunde", "Folasade", "Ikenna", "Chiamaka", "Olumide", "Yetunde"],
    "slavic": ["Katarzyna", "Dmitri", "Zofia", "Milica", "Bogdan", "Jaroslava", "Radoslav", "Agnieszka", "Vuk", "Ludmila"],
    "anglo": ["Siobhan", "Callum", "Eleanor", "Declan", "Harriet", "Rhys", "Imogen", "Fergus", "Bethany", "Alistair"],
    # given names that are English words or gene symbols
    "word": ["Hope", "Rose", "April", "Kit", "Gene", "Max", "Faith", "Joy", "Grace", "Will", "Dawn", "Iris",
             "Ivy", "Amber", "Patience", "Summer", "Sandy", "Rex", "Autumn", "Mercy"],
}
FAMILY = {
    "spanish": ["García Márquez", "Fernández de Córdoba", "Ruiz-Zorrilla", "Iglesias", "del Río", "Echeverría",
                "Sánchez Ortega", "Villanueva", "de la Fuente", "Ibarra"],
    "arabic": ["Al-Hashimi", "El-Sayed", "Haddad", "Abu-Ghazaleh", "Al Nuaimi", "Mansour", "bin Laden-Qasim",
               "Khoury", "Al-Farsi", "Nasrallah"],
    "chinese": ["Zhang", "Liu", "Huang", "Zhou", "Xu", "Guo", "Ma", "Lin", "He", "Gao"],
    "indian": ["Raghunathan", "Chatterjee", "Venkataraman", "Deshpande", "Iyer", "Subramanian", "Bhattacharya",
               "Kulkarni", "Menon", "Sandhu"],
    "nigerian": ["Okonkwo", "Adeyemi", "Nwachukwu", "Balogun", "Okafor", "Eze", "Adebayo-Johnson", "Onyekachi",
                 "Olaniyan", "Uchenna-Obi"],
    "slavic": ["Wiśniewska", "Petrović", "Kuznetsova", "Dvořák", "Szczepański", "Novák", "Jovanović",
               "Lewandowski", "Horváthová", "Sokolov"],
    "anglo": ["O'Brien", "McDonald", "MacLeod", "Fitzgerald-Hayes", "O'Sullivan", "McAllister", "Pritchard",
              "Lloyd-Jones", "Abernethy", "Cavendish"],
    "particle": ["van der Berg", "van den Heuvel", "de Vries", "von Stein", "D'Souza", "da Silva", "dos Santos",
                 "le Roux", "di Napoli", "ter Horst"],
    # family names that are English words
    "word": ["Young", "Moody", "Small", "Bishop", "Baker", "Hill", "Fox", "Long", "Strong", "Frost",
             "Wise", "Banks", "Marsh", "Field", "Page", "Bell", "Stone", "Hunt", "Lamb", "Sharp"],
}


def split_pool(pool, half):
    return {k: [x for i, x in enumerate(v) if i % 2 == (0 if half == "A" else 1)] for k, v in pool.items()}


class Person:
    def __init__(self, given, family, chinese):
        self.given, self.family, self.chinese = given, family, chinese

    @property
    def full(self):
        return f"{self.family} {self.given}" if self.chinese else f"{self.given} {self.family}"


def make_person(r, half, kind=None):
    g = split_pool(GIVEN, half)
    f = split_pool(FAMILY, half)
    kind = kind or r.choice(["spanish", "arabic", "chinese", "indian", "nigerian", "slavic", "anglo", "particle", "word", "word"])
    if kind == "word":
        given = r.choice(g["word"])
        family = r.choice(f["word"] + f["anglo"] + f["nigerian"] + f["particle"])
        return Person(given, family, False)
    if kind == "particle":
        return Person(r.choice(g["anglo"] + g["slavic"] + g["indian"]), r.choice(f["particle"]), False)
    given = r.choice(g[kind])
    family = r.choice(f[kind])
    return Person(given, family, kind == "chinese")


# ----------------------------------------------------------------------------------------------- dates
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def ordinal(n):
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def rand_date(r, lo=1930, hi=2025):
    y = r.randint(lo, hi)
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    return y, m, d


DATE_FORMATS = {
    "iso": lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    "us": lambda y, m, d: f"{m:02d}/{d:02d}/{y}",
    "us_short": lambda y, m, d: f"{m}/{d}/{y % 100:02d}",
    "eu_slash": lambda y, m, d: f"{d:02d}/{m:02d}/{y}",
    "eu_dot": lambda y, m, d: f"{d:02d}.{m:02d}.{y}",
    "eu_dash": lambda y, m, d: f"{d:02d}-{m:02d}-{y}",
    "ord_of": lambda y, m, d: f"{ordinal(d)} of {MONTHS[m - 1]} {y}",
    "mon_apos": lambda y, m, d: f"{MONTHS[m - 1][:3]} '{y % 100:02d}",
    "d_mon_y": lambda y, m, d: f"{d} {MONTHS[m - 1]} {y}",
    "mon_d_y": lambda y, m, d: f"{MONTHS[m - 1]} {d}, {y}",
    "mon_ord_y": lambda y, m, d: f"{MONTHS[m - 1][:3]} {ordinal(d)} {y}",
    "abbr_dash": lambda y, m, d: f"{d:02d}-{MONTHS[m - 1][:3]}-{y}",
    "upper": lambda y, m, d: f"{d:02d} {MONTHS[m - 1][:3].upper()} {y}",
    "compact": lambda y, m, d: f"{y:04d}{m:02d}{d:02d}",
    "mon_year": lambda y, m, d: f"{MONTHS[m - 1]} {y}",
    "mon3_year": lambda y, m, d: f"{MONTHS[m - 1][:3]} {y}",
    "day_mon": lambda y, m, d: f"{ordinal(d)} {MONTHS[m - 1]}",
    "mon_day": lambda y, m, d: f"{MONTHS[m - 1][:3]} {d}",
    "iso_time": lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}T{(d * 7) % 24:02d}:{(m * 11) % 60:02d}",
    "dot_short": lambda y, m, d: f"{d}.{m}.{y % 100:02d}",
    "slash_ymd": lambda y, m, d: f"{y:04d}/{m}/{d}",
}

# ----------------------------------------------------------------------------------------------- other PHI
STREETS = ["Kingsley Road", "Calle de Alcalá", "Rue Oberkampf", "Hauptstraße", "Marlowe Crescent",
           "Adeola Odeku Street", "Nguyen Trai Street", "Brindley Close", "Willow Bank Lane", "Pemberton Mews",
           "Lakeshore Terrace", "Ulica Długa", "Orchard Way", "Kestrel Avenue"]
CITIES = ["Ashbourne Vale", "Lower Tenby", "Kettleford", "Harrowgate Springs", "Mossley Heath", "Port Ellery",
          "Dunmere", "Castlebrook"]


def address(r):
    s = r.choice(STREETS)
    n = r.randint(2, 480)
    style = r.randint(0, 3)
    if s.startswith("Calle") or s.startswith("Ulica"):
        return f"{s} {n}"
    if s == "Hauptstraße":
        return f"{s} {n}"
    if style == 0:
        return f"Flat {r.randint(1, 40)}, {n} {s}"
    if style == 1:
        return f"Apt {r.randint(1, 9)}{r.choice('ABCD')}, {n} {s}"
    return f"{n} {s}"


def uk_postcode(r):
    a = r.choice(["M", "LS", "B", "EH", "CF", "BT", "NE", "G"])
    return f"{a}{r.randint(1, 29)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def digits(r, n):
    return "".join(str(r.randint(0, 9)) for _ in range(n))


def nhs(r):
    d = digits(r, 10)
    return f"{d[:3]} {d[3:6]} {d[6:]}"


IDS = {
    "mrn_colon": lambda r: f"{digits(r, 8)}",
    "mrn_hash": lambda r: f"#{digits(r, 7)}",
    "hosp_no": lambda r: f"{r.choice('KRTH')}{digits(r, 7)}",
    "mrn_dash": lambda r: f"{digits(r, 4)}-{digits(r, 4)}",
    "ur": lambda r: f"{digits(r, 7)}",
    "nhs": nhs,
    "nhs_plain": lambda r: digits(r, 10),
    "chi": lambda r: f"{r.randint(10, 28)}{r.randint(10, 12)}{r.randint(50, 99)}{digits(r, 4)}",
    "ssn": lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{digits(r, 4)}",
    "ssn_sp": lambda r: f"{r.randint(100, 665)} {r.randint(10, 99)} {digits(r, 4)}",
    "acc_gx": lambda r: f"GX{r.randint(19, 25)}-{digits(r, 6)}",
    "acc_lab": lambda r: f"A{r.randint(19, 25)}-{digits(r, 5)}",
    "barcode": lambda r: f"SMP{digits(r, 7)}{r.choice('XKQ')}",
    "specimen": lambda r: f"{r.randint(19, 25)}G-{digits(r, 6)}",
    "dna_no": lambda r: f"D{r.randint(19, 25)}.{digits(r, 5)}",
    "biobank": lambda r: f"BB-{r.randint(2015, 2025)}-{digits(r, 5)}-{r.choice('ABC')}",
    "member": lambda r: f"{''.join(r.choice('BCDFGHJKLMNPQRSTVWXZ') for _ in range(3))}{digits(r, 9)}",
    "family_id": lambda r: f"FAM-{digits(r, 4)}",
    "case_ref": lambda r: f"CG/{r.randint(2015, 2025)}/{digits(r, 4)}",
    "health_card": lambda r: f"{digits(r, 4)}-{digits(r, 3)}-{digits(r, 3)}-{r.choice(['AB', 'KX', 'TM'])}",
    "encounter": lambda r: f"{digits(r, 9)}",
    "req": lambda r: f"RQ{digits(r, 8)}",
}

PHONES = [
    lambda r: f"+44 7700 {digits(r, 6)}",
    lambda r: f"+234 803 {digits(r, 3)} {digits(r, 4)}",
    lambda r: f"+91 98{digits(r, 3)} {digits(r, 5)}",
    lambda r: f"+49 (0)30 {digits(r, 7)}",
    lambda r: f"+33 1 {digits(r, 2)} {digits(r, 2)} {digits(r, 2)} {digits(r, 2)}",
    lambda r: f"+61 2 {digits(r, 4)} {digits(r, 4)}",
    lambda r: f"07700 {digits(r, 6)}",
    lambda r: f"(617) 555-{digits(r, 4)}",
    lambda r: f"617-555-{digits(r, 4)} ext. {digits(r, 3)}",
    lambda r: f"+86 138 {digits(r, 4)} {digits(r, 4)}",
    lambda r: f"+971 50 {digits(r, 3)} {digits(r, 4)}",
    lambda r: f"0161 496 {digits(r, 4)}",
    lambda r: f"+1.415.555.{digits(r, 4)}",
    lambda r: f"+31 20 {digits(r, 3)} {digits(r, 4)}",
]


def email(r, person):
    local = re.sub(r"[^a-z]", "", person.given.lower().split()[0]) + r.choice([".", "_", ""]) + \
        re.sub(r"[^a-z]", "", person.family.lower())[:8]
    return f"{local}{r.choice(['', str(r.randint(1, 99))])}@{r.choice(['nhs-example.net', 'umc-example.nl', 'mail.example.com', 'genetics.hospital-example.org'])}"


def url(r):
    return r.choice([
        f"https://pedigree.example-lab.org/fam/{digits(r, 4)}",
        f"portal.example.com/results?patient={digits(r, 6)}",
        f"https://myhealth.example.org/u/{digits(r, 5)}/letters",
        f"http://intranet.hospital-example.org/gc/cases/{digits(r, 5)}",
    ])


# ----------------------------------------------------------------------------------------------- genetics
GENES = ["BRCA1", "SCN1A", "CFTR", "MECP2", "PTEN", "TP53", "NF1", "COL3A1", "FBN1", "DMD", "SMN1", "FMR1",
         "PKD1", "MYH7", "KCNQ1", "LDLR", "RET", "MET", "KIT", "MAX", "SET", "CHD7", "KMT2D", "ATM", "PALB2"]
HGVS = ["NM_000492.4(CFTR):c.1521_1523del", "p.(Phe508del)", "c.3G>A", "p.(Arg1066Cys)", "c.1234+1G>A",
        "c.*12T>C", "c.-34C>T", "m.3243A>G", "NC_000017.11:g.43094464del", "c.5266dupC", "p.Gln1756Profs*74",
        "c.[1521_1523del];[3846G>A]", "NM_004992.4:c.916C>T", "c.2T>C p.(Met1?)", "c.68_69delAG",
        "p.Arg506Gln", "c.1012-2A>G", "g.117559590G>A"]
KARYO = ["46,XY,del(5)(p15.2)", "47,XX,+21", "46,XX,t(11;22)(q23;q11.2)", "45,X", "46,XY,inv(9)(p12q13)",
         "47,XXY", "46,XX,der(13;14)(q10;q10)", "mos 47,XXX[8]/46,XX[22]", "46,XY,dup(17)(p11.2p11.2)"]
ISCN = ["arr[GRCh38] 7q11.23(73330000_74900000)x1", "arr[GRCh37] 22q11.21(18648855_21800471)x1",
        "seq[GRCh38] 16p11.2(29580020_30190029)x3", "arr(X)x1,(Y)x0"]
BANDS = ["22q11.2", "15q11-q13", "7q11.23", "1p36", "Xq28", "17p13.3", "4p16.3"]
ONTO = ["HP:0001250", "HP:0001263", "HP:0000252", "HP:0004322", "OMIM 219700", "MIM #154700", "ORPHA:586",
        "HGNC:1100", "OMIM #300624", "MONDO:0008678"]
COORDS = ["chr7:117559590", "chr17:43,044,295-43,125,483", "chrX:153296777", "chr4:3,074,681", "chr15:48,408,313"]
OTHER_GEN = ["rs113993960", "rs80357906", "rs6025", "VCV000007105", "ENST00000357654", "(CAG)42", "CGG repeat 210",
             "PMID 20301331", "ClinVar SCV000882375"]


def gen(key, r):
    return {
        "gene": lambda: r.choice(GENES), "gene2": lambda: r.choice(GENES), "hgvs": lambda: r.choice(HGVS),
        "hgvs2": lambda: r.choice(HGVS), "karyo": lambda: r.choice(KARYO), "iscn": lambda: r.choice(ISCN),
        "band": lambda: r.choice(BANDS), "onto": lambda: r.choice(ONTO), "onto2": lambda: r.choice(ONTO),
        "coord": lambda: r.choice(COORDS), "other": lambda: r.choice(OTHER_GEN), "rs": lambda: f"rs{r.randint(1000, 999999999)}",
    }[key]()


# ----------------------------------------------------------------------------------------------- templates
# Style groups; inside each group templates alternate A, B, A, B …
STYLES = {
    "discharge": [
        "DISCHARGE SUMMARY\nPatient: [[n:pfull]]   DOB: [[d:dob/us]]   MRN: [[i:mrn_colon]]\nAdmitted [[d:adm/d_mon_y]], discharged [[d:dis/d_mon_y]]. Known [[g:gene]] [[g:hgvs]] carrier.",
        "Discharge summary for [[n:pupper]], [[n:pgiven]] (Hosp No. [[i:hosp_no]]). Admission date: [[d:adm/eu_slash]]. Karyotype [[g:karyo]]; follow-up with Dr [[n:dr1]] on [[d:fu/mon_d_y]].",
        "Mrs [[n:pfamily]] was admitted on [[d:adm/ord_of]] with seizures. Panel showed [[g:gene]] [[g:hgvs]] ([[g:rs]]). Discharged home to [[a:addr]], [[a:city]] [[z:ukpc]].",
        "D/C [[d:dis/us_short]]. Pt [[n:pfull]], [[ag:old]] y/o, lives with daughter [[n:rel1g]] at [[a:addr]]. PCP: Dr. [[n:dr1]], tel [[p:ph1]].",
        "Inpatient stay [[d:adm/iso]] to [[d:dis/iso]]. [[n:pgiven]] [[n:pfamily]] (UR [[i:ur]]) had array [[g:iscn]]. Summary copied to [[e:mail_dr1]].",
        "Admitted via ED on [[d:adm/abbr_dash]]; [[n:pfull]] is a [[ag:old]]-year-old with [[g:gene]]-related cardiomyopathy ([[g:onto]]). Next of kin: son [[n:rel1full]], [[p:ph1]].",
        "Discharge letter — [[n:pfull]], NHS number [[i:nhs]], DOB [[d:dob/eu_slash]]. [[g:karyo]] confirmed on bloods taken [[d:adm/eu_dot]].",
        "Patient [[n:pfull]] ([[i:member]]) discharged [[d:dis/mon_ord_y]]. Variant [[g:hgvs]] in [[g:gene]] at [[g:coord]] reported to family.",
    ],
    "referral": [
        "Dear Dr [[n:dr1fam]],\nThank you for seeing [[n:pfull]] (DOB [[d:dob/eu_slash]]), [[a:addr]], [[a:city]], [[z:ukpc]]. Her sister [[n:rel1g]] carries [[g:gene]] [[g:hgvs]].\nYours sincerely, [[n:dr2]]",
        "Re: [[n:pfull]], D.O.B. [[d:dob/d_mon_y]], NHS No: [[i:nhs_plain]]\nI would be grateful if you could assess this young man for [[g:band]] deletion syndrome ([[g:onto]]).",
        "Referral from Dr. [[n:dr1]] ([[e:mail_dr1]], [[p:ph1]]): [[n:pgiven]], aged 7, possible [[g:gene]] disorder. Seen [[d:seen/mon_year]].",
        "To: Clinical Genetics, [[a:addr]]\nFrom: [[n:dr1]]\nDate: [[d:seen/upper]]\nPatient [[n:pfull]] (CHI [[i:chi]]). Family history of [[g:gene]]-associated cancer.",
        "Many thanks for referring [[n:pgiven]] [[n:pfamily]], whom I saw on [[d:seen/ord_of]] with her mother [[n:rel1full]]. Testing for [[g:karyo]] is arranged.",
        "Referral received [[d:seen/iso]] re [[n:pfull]], MRN#[[i:mrn_hash_plain]]. Reason: [[g:hgvs]] ([[g:gene]]) found on research exome; [[g:other]].",
        "Dear Professor [[n:dr1fam]], I am writing about [[n:pfull]] (hospital number [[i:hosp_no]]), now [[ag:old]], whose grandson has [[g:gene]] [[g:hgvs2]].",
        "Referring clinician: [[n:dr1]], [[a:addr]], [[a:city]]. Tel [[p:ph1]]. Patient: [[n:pfamily]], [[n:pgiven]]; SSN [[i:ssn]].",
    ],
    "counselling": [
        "Genetic counselling session with [[n:pgiven]] and her partner [[n:rel1g]] on [[d:seen/dot_short]]. Discussed [[g:gene]] [[g:hgvs]] and 50% recurrence risk.",
        "GC note: [[n:pfull]] attended with her aunt [[n:rel1full]]. Predictive testing for [[g:other]] discussed; results by [[d:fu/day_mon]].",
        "[[n:pgiven]] asked whether her daughter [[n:rel1g]] should be tested for [[g:gene]]. We agreed to meet again on [[d:fu/mon_day]]. Contact: [[e:mail_p]].",
        "Counselled [[n:pfull]] regarding [[g:karyo]] found on amniocentesis dated [[d:seen/eu_dot]]. Partner [[n:rel1full]] present.",
        "Pre-test counselling: [[n:pgiven]] (MRN [[i:mrn_colon]]) consented to [[g:gene]] and [[g:gene2]] panel testing on [[d:seen/mon_d_y]].",
        "Post-test session. [[n:pfull]] was told the [[g:hgvs]] variant is pathogenic ([[g:onto]]). She will share the letter with her brother [[n:rel1g]] in [[a:city]].",
        "Telephone counselling, [[d:seen/iso]]: spoke with [[n:pgiven]] on [[p:ph1]] about cascade testing; her father [[n:rel1full]] died aged [[ag:old]].",
        "Session notes ([[n:gc1]], GC): [[n:pfull]] is worried about her son [[n:rel1g]]; explained [[g:band]] and [[g:iscn]].",
    ],
    "requisition": [
        "LAB REQUISITION\nName: [[n:pupper]], [[n:pgiven]]\nDOB: [[d:dob/us]]\nSpecimen ID: [[i:specimen]]\nCollected: [[d:col/iso_time]]\nTest: [[g:gene]] sequencing",
        "Sample barcode [[i:barcode]] | patient [[n:pfull]] | DOB [[d:dob/compact]] | received [[d:col/compact]] | request: [[g:karyo]] confirmation",
        "Requisition [[i:req]]: accession [[i:acc_gx]], [[n:pfull]], collected [[d:col/us]], ordering provider [[n:dr1]] ([[p:ph1]]). Target: [[g:coord]].",
        "Specimen: EDTA blood. Lab accession #[[i:acc_lab]]. Patient: [[n:pfamily]], [[n:pgiven]]. DOB [[d:dob/eu_dash]]. Indication: [[g:onto]], [[g:gene]].",
        "DNA no. [[i:dna_no]] extracted [[d:col/slash_ymd]] for [[n:pfull]]. Biobank ID [[i:biobank]]. Assay: [[g:gene]] MLPA.",
        "Insurance member ID [[i:member]]; subscriber [[n:pfull]], DOB [[d:dob/us]]. Test requested: [[g:gene]] full gene, [[g:hgvs]] familial.",
        "REQ [[i:req]] — [[n:pupper]] [[n:pgiven]] — DOB [[d:dob/upper]] — sample [[i:barcode]] — [[g:iscn]] follow-up.",
        "Please run [[g:gene]] on sample [[i:specimen]] ([[n:pfull]], born [[d:dob/mon_d_y]]). Results to [[e:mail_dr1]] or fax [[p:ph1]].",
    ],
    "pedigree": [
        "Pedigree: proband's maternal aunt [[n:rel1g]] had breast cancer at 38; maternal grandmother [[n:rel2g]] died aged [[ag:old]]. [[g:gene]] testing offered.",
        "Three-generation pedigree drawn. Father [[n:rel1full]] (b. [[d:dob2/mon3_year]]) is an obligate carrier of [[g:hgvs]].",
        "The proband [[n:pgiven]] has two brothers, [[n:rel1g]] and [[n:rel2g]]; paternal great-grandfather [[n:rel3full]], [[ag:old]], is unaffected.",
        "Family [[i:family_id]]: II-3 ([[n:pfull]]) affected; III-1 ([[n:rel1g]]) carries [[g:karyo]]; I-2 d. [[d:dod/mon_apos]] aged [[ag:old]].",
        "Maternal uncle [[n:rel1full]] in [[a:city]] has [[g:band]] duplication; his daughter [[n:rel2g]] is untested.",
        "Pedigree notes: grandmother [[n:rel1g]] [[n:pfamily]] (aged [[ag:old]]) and cousin [[n:rel2full]] both have [[g:gene]] [[g:hgvs]].",
        "Consanguinity: parents [[n:rel1g]] and [[n:rel2g]] are first cousins. Proband [[n:pgiven]]'s homozygous [[g:hgvs]] in [[g:gene]] explains the phenotype ([[g:onto]]).",
        "The paternal side ([[n:rel1full]], [[n:rel2full]]) is of Ashkenazi descent; [[g:other]] and [[g:gene]] founder variants checked.",
    ],
    "clinic": [
        "Clinic letter [[d:seen/d_mon_y]]. [[n:pfull]], [[ag:old]], attended with carer. Copy to GP Dr [[n:dr1]], [[a:addr]].",
        "Seen today ([[d:seen/us]]). [[n:pgiven]] is a 14-year-old boy with [[g:gene]] [[g:hgvs]]; his mum [[n:rel1g]] can be reached on [[p:ph1]].",
        "Follow-up: [[n:pfull]] returned on [[d:seen/mon_year]] after [[g:karyo]] diagnosis. Next review [[d:fu/mon3_year]].",
        "[[n:pgiven]] was first seen on [[d:seen/eu_slash]], six weeks after her echo of [[d:echo/eu_slash]]. Variant [[g:hgvs]] at [[g:coord]].",
        "Multidisciplinary meeting [[d:seen/iso]]: [[n:pfull]] (ID [[i:encounter]]) — [[g:gene]] VUS [[g:hgvs]], present: [[n:dr1]], [[n:gc1]].",
        "Review of [[n:pfull]]: born [[d:dob/mon_d_y]], reported via [[u:url]]. [[g:gene]] normal; [[g:iscn]].",
        "Clinic note. Patient [[n:pfull]] (Health card [[i:health_card]]) with [[g:onto]]; family lives at [[a:addr]], [[a:city]] [[z:zip5]].",
        "Ms. [[n:pfamily]] phoned from [[p:ph1]] on [[d:seen/mon_d_y]] to ask about [[g:gene]] results; [[n:pgiven]] to be booked.",
    ],
    "wordnames": [
        "[[n:pgiven]] [[n:pfamily]] carries a [[g=KIT]] [[g:hgvs]] variant; we hope to test her sister [[n:rel1g]] soon.",
        "[[n:pfull]] was seen in April. Her CK rose to 4,500 U/L; [[g=MAX]] and [[g=SET]] were normal.",
        "Mother [[n:pgiven]] and grandmother [[n:rel1g]] [[n:pfamily]] attended; [[g=RET]] [[g:hgvs]] confirmed on [[d:seen/mon_d_y]].",
        "Note by [[n:gc1]]: [[n:pgiven]] will discuss [[g=MET]] exon 14 skipping with her oncologist. Grace period for results is two weeks.",
        "[[n:pfull]] ([[ag:old]]) — [[g=KIT]] [[g:hgvs]] in family; her nephew [[n:rel1g]] is well.",
        "Proband: [[n:pfull]]. Sister: [[n:rel1full]]. Testing: [[g=MAX]] ([[g:onto]]), no variant.",
    ],
    "contact": [
        "Patient portal message from [[e:mail_p]] via [[u:url]] ([[ip:ip]]) on [[d:seen/iso]].",
        "Contact details updated: [[n:pfull]], [[a:addr]], [[a:city]], [[z:ukpc]]; mobile [[p:ph1]]; e-mail [[e:mail_p]].",
        "Results uploaded to [[u:url]] for [[n:pfull]]; login from [[ip:ip]].",
        "Emergency contact: [[n:rel1full]] (husband) [[p:ph1]] or [[p:ph2]].",
    ],
    "dates": [
        "Symptoms began two days after [[d:seen/d_mon_y]]; by [[d:fu/mon_day]] [[n:pgiven]] had regressed. [[g:gene]] testing sent [[d:col/iso]].",
        "[[n:pfull]] DOB [[d:dob/us]] was scanned at 20 weeks on [[d:scan/mon_ord_y]]; NIPT on [[d:nipt/eu_dot]] suggested [[g:karyo]].",
        "Sample collected [[d:col/dot_short]], reported [[d:rep/abbr_dash]] ([[g:hgvs]], [[g:other]]). [[n:pgiven]] informed [[d:inf/mon_d_y]].",
        "Timeline for [[n:pfull]]: first seizure [[d:s1/mon_apos]], EEG [[d:eeg/us_short]], [[g:gene]] result [[d:rep/upper]].",
    ],
}


def slot_value(cat, key, ctx, r, half):
    if key in ctx:
        return ctx[key]
    p = ctx["patient"]
    if cat == "n":
        if key == "pfull":
            v = p.full
        elif key == "pgiven":
            v = p.given
        elif key == "pfamily":
            v = p.family
        elif key == "pupper":
            v = p.family.upper()
        elif key.endswith("fam"):
            v = make_person(r, half).family
        elif key.endswith("g"):
            # a relative's given name; half the time a relative of the same family in the record
            v = make_person(r, half).given
        else:
            v = make_person(r, half).full
    elif cat == "d":
        name, fmt = key.split("/")
        lo, hi = (1920, 2024) if name.startswith("dob") or name == "dod" else (2008, 2025)
        y, m, d = ctx.setdefault("date:" + name, rand_date(r, lo, hi))
        v = DATE_FORMATS[fmt](y, m, d)
    elif cat == "i":
        if key == "mrn_hash_plain":
            v = digits(r, 7)
        else:
            v = IDS[key](r)
        ctx.setdefault("ids", []).append(v)
    elif cat == "p":
        v = r.choice(PHONES)(r)
    elif cat == "e":
        v = email(r, p if key == "mail_p" else make_person(r, half, "anglo"))
    elif cat == "u":
        v = url(r)
    elif cat == "ip":
        v = f"{r.choice([10, 172, 192])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    elif cat == "a":
        v = r.choice(CITIES) if key == "city" else address(r)
    elif cat == "z":
        v = uk_postcode(r) if key == "ukpc" else digits(r, 5)
    elif cat == "ag":
        v = str(r.randint(90, 104))
    elif cat == "g":
        v = gen(key, r)
    else:
        raise ValueError(cat)
    ctx[key] = v
    return v


CATEGORY = {"n": "name", "d": "date", "i": "identifier", "p": "phone", "e": "email", "u": "url",
            "ip": "ip_address", "a": "address", "z": "zip", "ag": "age"}
SLOT = re.compile(r"\[\[(\w+)([:=])([^\]]+)\]\]")


def render(template, r, half, sid, kind=None):
    patient = make_person(r, half, kind)
    ctx = {"patient": patient}
    text, phi, genetics = "", [], []
    pos = 0
    for m in SLOT.finditer(template):
        text += template[pos:m.start()]
        cat, op, key = m.group(1), m.group(2), m.group(3)
        value = key if op == "=" else slot_value(cat, key, ctx, r, half)
        start = len(text)
        text += value
        if cat == "g":
            genetics.append({"start": start, "end": len(text)})
        elif cat != "t":
            phi.append({"start": start, "end": len(text), "category": CATEGORY[cat]})
        pos = m.end()
    text += template[pos:]
    record_ids = ctx.get("ids", [])[:1] if r.random() < 0.5 else []
    return {"id": sid, "split": half, "text": text,
            "patient": {"pseudonym": f"P-{sid}", "given": [patient.given], "family": [patient.family],
                        "identifiers": record_ids},
            "phi": phi, "genetics": genetics}


# ----------------------------------------------------------------------------------------------- set C
# Written after the rules were changed on halves A and B, with its own people, styles and formats, and run
# once: the honest figure for the changed rules.
GIVEN_C = ["João Pedro", "Mehmet Ali", "Nguyen Thi", "Seo-yeon", "Haruto", "Eleni", "Adebola", "Tsion",
           "Niamh", "Sigrún", "Avraham", "Shirin", "Bongani", "Ayşe", "Dagfinn", "Oksana", "Tupac", "Marisol",
           "Ilse", "Kwabena", "Rose", "Hope", "June", "Gene", "Kit", "Will", "Grace", "Bill"]
FAMILY_C = ["Gonçalves", "Yıldırım", "Tran", "Park", "Takahashi", "Papadopoulos", "Adewale", "Tesfaye",
            "Ní Bhriain", "Sigurðardóttir", "Ben-Ami", "Tehrani", "Dlamini", "Öztürk-Kaya", "Bjørnstad",
            "Shevchenko", "Quispe Mamani", "St. Clair", "McKenzie", "O'Donnell", "van Rijn", "de Souza",
            "Baldwin", "Hart", "Rich", "Ward", "Mason", "Lane"]

C_TEMPLATES = [
    "MDT minutes [[d:seen/d_mon_y]]. Attendees: [[n:dr1]] (chair), [[n:gc1]], [[n:dr2]]. Case: [[n:pfull]] — [[g:gene]] [[g:hgvs]], ACMG PVS1+PM2.",
    "From: [[e:mail_dr1]]\nSent: [[d:seen/mon_d_y]]\nSubject: results for [[n:pfull]]\nHi [[n:dr2g]], the [[g:karyo]] was confirmed.",
    "Prenatal: [[n:pgiven]], G2P1, EDD [[d:edd/eu_slash]]. NIPT high risk; CVS on [[d:cvs/eu_slash]] showed [[g:karyo]]. Husband [[n:rel1full]].",
    "Tumour board: [[n:pfull]] ([[ag:old]]) with [[g=BRCA2]] [[g:hgvs]]; germline testing for her son [[n:rel1g]] and daughter [[n:rel2g]].",
    "Research consent signed by [[n:pfull]] on [[d:seen/us]]; witness [[n:rel1full]]. Study ID [[i:case_ref]]. Sample [[i:barcode]].",
    "Tel call [[d:seen/dot_short]] 14:20 — spoke to Mr and Mrs [[n:pfamily]] re [[g:gene]] result; callback [[p:ph1]].",
    "Transfer note: [[n:pfull]], DOB [[d:dob/us_short]], MRN [[i:mrn_dash]], transferred from [[a:city]] General. Known [[g:iscn]].",
    "Post-mortem genetics: [[n:pfull]] died [[d:dod/d_mon_y]] aged [[ag:old]]. Cardiac panel ([[g:gene]], [[g:gene2]]) sent; sister [[n:rel1g]] to be contacted at [[e:mail_p]].",
    "Dear [[n:pgiven]],\nFurther to our meeting on [[d:seen/ord_of]], your result ([[g:hgvs]] in [[g:gene]]) means your children may be tested.\nBest wishes,\n[[n:gc1]]\nGenetic Counsellor",
    "Family tree: I-1 [[n:rel1full]] (d. [[d:dod/mon3_year]], [[ag:old]]y), I-2 [[n:rel2full]]; II-1 proband [[n:pfull]], [[g:karyo]].",
    "Clinic: [[n:pfull]] (NHS [[i:nhs]]) seen with interpreter; mother [[n:rel1g]] reports [[g:onto]]. Next appt [[d:fu/mon_d_y]].",
    "Sample log — received [[d:col/iso]] from [[n:dr1]] for [[n:pfamily]], [[n:pgiven]] (acc [[i:acc_gx]]); assay: [[g:gene]] MLPA; QC pass.",
    "[[n:pgiven]] [[n:pfamily]] is a [[ag:old]]-year-old woman seen at home, [[a:addr]], [[a:city]] [[z:ukpc]]. Grandson [[n:rel1g]] carries [[g:other]].",
    "Referral via [[u:url]] on [[d:seen/iso]] by [[n:dr1]]. Patient [[n:pfull]], tel [[p:ph1]]. Query [[g:band]] microdeletion ([[g:onto]]).",
    "Letter to GP: [[n:pfull]] born [[d:dob/d_mon_y]], of [[a:addr]]. Homozygous [[g:hgvs]] ([[g:gene]]). Parents [[n:rel1g]] and [[n:rel2g]] are carriers.",
    "Counsellor: [[n:gc1]]. Client: [[n:pfull]]. Partner: [[n:rel1full]]. Date: [[d:seen/upper]]. Discussed [[g:coord]] and [[g:karyo]].",
    "Reanalysis requested by [[n:dr1]] on [[d:seen/mon_year]] for [[n:pfull]] (SSN [[i:ssn_sp]]); previous exome [[d:prev/mon3_year]] negative except [[g:hgvs]].",
    "Patient [[n:pfull]], [[ag:old]] years old, lives alone in [[a:city]]; niece [[n:rel1full]] ([[p:ph1]]) is next of kin. [[g:gene]] testing declined.",
    "Pedigree: the proband's paternal grandfather, [[n:rel1full]], and great-aunt [[n:rel2g]] had [[g:onto]]; both carried [[g:hgvs]].",
    "Lab report [[i:req]] for [[n:pfull]] (DOB [[d:dob/iso]]): [[g:gene]] [[g:hgvs]] heterozygous, [[g:other]]. Authorised [[d:rep/eu_dot]] by [[n:dr1]], FRCPath.",
]


def render_c(template, r, sid):
    def person():
        return Person(r.choice(GIVEN_C), r.choice(FAMILY_C), False)
    patient = person()
    ctx = {"patient": patient}
    text, phi, genetics = "", [], []
    pos = 0
    for m in SLOT.finditer(template):
        text += template[pos:m.start()]
        cat, op, key = m.group(1), m.group(2), m.group(3)
        if op == "=":
            value = key
        elif key in ctx:
            value = ctx[key]
        elif cat == "n" and key not in ("pfull", "pgiven", "pfamily", "pupper"):
            p = person()
            value = p.given if key.endswith("g") else p.family if key.endswith("fam") else p.full
            ctx[key] = value
        elif cat == "e" and key != "mail_p":
            value = email(r, person())
            ctx[key] = value
        else:
            value = slot_value(cat, key, ctx, r, "A")
        start = len(text)
        text += value
        if cat == "g":
            genetics.append({"start": start, "end": len(text)})
        elif cat != "t":
            phi.append({"start": start, "end": len(text), "category": CATEGORY[cat]})
        pos = m.end()
    text += template[pos:]
    record_ids = ctx.get("ids", [])[:1] if r.random() < 0.5 else []
    return {"id": sid, "split": "C", "text": text,
            "patient": {"pseudonym": f"P-{sid}", "given": [patient.given], "family": [patient.family],
                        "identifiers": record_ids},
            "phi": phi, "genetics": genetics}


def main():
    out = []
    for style, templates in STYLES.items():
        for t_index, template in enumerate(templates):
            half = "A" if t_index % 2 == 0 else "B"
            for copy in range(4):
                sid = f"ho-{style}-{t_index:02d}-{copy}"
                out.append(render(template, rng, half, sid, "word" if style == "wordnames" else None))
    rc = random.Random(SEED + 1)
    for t_index, template in enumerate(C_TEMPLATES):
        for copy in range(4):
            out.append(render_c(template, rc, f"ho-C-{t_index:02d}-{copy}"))
    for line in out:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
