#!/usr/bin/env python3
"""Extract the small, self-consistent HPO subset in Fixtures/kb/ from a full HPO release.

Usage: scripts/make-kb-fixture.py [SOURCE_DIR] [DEST_DIR]
       (defaults: data/hpo from scripts/fetch-kb, Fixtures/kb)

Keeps a fixed list of ~30 diseases (OMIM + a few ORPHA entries of the same genes), at most
MAX_PHENOTYPE rows of aspect P per disease (file order) plus all their other rows, every term
those rows use together with all its ancestors, the frequency/inheritance/onset terms used,
and the obsolete terms and alt_ids that point at kept terms (for normalisation tests).
Term stanzas keep id, name, alt_id, synonym, is_a, is_obsolete, replaced_by, consider only.
Deterministic: same input -> same output bytes.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "data", "hpo")
DEST = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Fixtures", "kb")
MAX_PHENOTYPE = 25
DISEASES = [
    "OMIM:142900",  # Holt-Oram syndrome (TBX5)
    "OMIM:154700",  # Marfan syndrome (FBN1)
    "OMIM:162200",  # Neurofibromatosis type 1 (NF1)
    "OMIM:601321",  # Neurofibromatosis-Noonan syndrome (NF1)
    "OMIM:163950",  # Noonan syndrome 1 (PTPN11)
    "OMIM:151100",  # LEOPARD syndrome 1 (PTPN11)
    "OMIM:613224",  # Noonan syndrome 6 (NRAS)
    "OMIM:180849",  # Rubinstein-Taybi syndrome 1 (CREBBP)
    "OMIM:214800",  # CHARGE syndrome (CHD7)
    "OMIM:188400",  # DiGeorge syndrome
    "OMIM:270400",  # Smith-Lemli-Opitz syndrome (DHCR7)
    "OMIM:616364",  # White-Sutton syndrome (POGZ)
    "OMIM:601144",  # Brugada syndrome 1 (SCN5A)
    "OMIM:613123",  # Brugada syndrome 8 (HCN4)
    "OMIM:216550",  # Cohen syndrome (VPS13B)
    "OMIM:209900",  # Bardet-Biedl syndrome 1 (BBS1)
    "OMIM:615981",  # Bardet-Biedl syndrome 2 (BBS2)
    "OMIM:300088",  # Developmental and epileptic encephalopathy 9 (PCDH19, X-linked)
    "OMIM:310200",  # Duchenne muscular dystrophy (DMD, X-linked recessive)
    "OMIM:219700",  # Cystic fibrosis (CFTR)
    "OMIM:143100",  # Huntington disease (HTT)
    "OMIM:300624",  # Fragile X syndrome (FMR1)
    "OMIM:312750",  # Rett syndrome (MECP2)
    "OMIM:605130",  # Wiedemann-Steiner syndrome (KMT2A)
    "OMIM:147920",  # Kabuki syndrome 1 (KMT2D)
    "OMIM:130050",  # Ehlers-Danlos syndrome, vascular type (COL3A1)
    "ORPHA:558",    # Marfan syndrome (Orphanet)
    "ORPHA:392",    # Holt-Oram syndrome (Orphanet)
    "ORPHA:778",    # Rett syndrome (Orphanet)
    "ORPHA:2322",   # Kabuki syndrome (Orphanet)
]


def read_obo(path):
    header, stanzas, current = [], [], None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("["):
                current = {"type": line, "lines": []}
                stanzas.append(current)
            elif current is None:
                header.append(line)
            elif line:
                current["lines"].append(line)
    return header, stanzas


def tag_values(stanza, tag):
    return [l.split(": ", 1)[1] for l in stanza["lines"] if l.startswith(tag + ": ")]


def main():
    header, stanzas = read_obo(os.path.join(SRC, "hp.obo"))
    terms = {}
    for stanza in stanzas:
        if stanza["type"] == "[Term]":
            terms[tag_values(stanza, "id")[0]] = stanza
    parents = {tid: [v.split(" ")[0] for v in tag_values(s, "is_a")] for tid, s in terms.items()}

    wanted = set(DISEASES)
    rows, hpoa_header, counts = [], [], {}
    with open(os.path.join(SRC, "phenotype.hpoa"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or line.startswith("database_id"):
                hpoa_header.append(line)
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] not in wanted:
                continue
            if fields[10] == "P":
                counts[fields[0]] = counts.get(fields[0], 0) + 1
                if counts[fields[0]] > MAX_PHENOTYPE:
                    continue
            rows.append(line)
    missing = wanted - {r.split("\t")[0] for r in rows}
    if missing:
        sys.exit("diseases not in phenotype.hpoa: " + ", ".join(sorted(missing)))

    keep = {"HP:0000001", "HP:0000118", "HP:0000005", "HP:0040279", "HP:0000004"}
    for row in rows:
        fields = row.rstrip("\n").split("\t")
        for value in [fields[3], fields[6], fields[7]] + fields[9].split(";"):
            if value.startswith("HP:"):
                keep.add(value)
    for freq in ["HP:0040280", "HP:0040281", "HP:0040282", "HP:0040283", "HP:0040284", "HP:0040285"]:
        keep.add(freq)
    stack = list(keep)
    while stack:
        term = stack.pop()
        for parent in parents.get(term, []):
            if parent not in keep:
                keep.add(parent)
                stack.append(parent)
    obsolete = [tid for tid, s in terms.items()
                if tag_values(s, "is_obsolete") == ["true"]
                and any(v in keep for v in tag_values(s, "replaced_by") + tag_values(s, "consider"))]
    keep.update(obsolete)

    os.makedirs(DEST, exist_ok=True)
    allowed = ("id", "name", "alt_id", "synonym", "is_a", "is_obsolete", "replaced_by", "consider")
    with open(os.path.join(DEST, "hp.obo"), "w", encoding="utf-8") as out:
        for line in header:
            if line.split(":", 1)[0] in ("format-version", "data-version", "default-namespace", "ontology"):
                out.write(line + "\n")
        out.write("remark: Subset for Mendel unit tests, made by scripts/make-kb-fixture.py\n\n")
        for stanza in stanzas:
            if stanza["type"] != "[Term]":
                continue
            tid = tag_values(stanza, "id")[0]
            if tid not in keep:
                continue
            out.write("[Term]\n")
            for line in stanza["lines"]:
                tag = line.split(":", 1)[0]
                if tag not in allowed:
                    continue
                if tag == "is_a" and line.split(" ")[1] not in keep:
                    continue
                if tag in ("replaced_by", "consider") and line.split(" ")[1] not in keep:
                    continue
                out.write(line + "\n")
            out.write("\n")
    with open(os.path.join(DEST, "phenotype.hpoa"), "w", encoding="utf-8") as out:
        out.writelines(hpoa_header)
        out.writelines(rows)
    pairs = {}
    with open(os.path.join(SRC, "genes_to_phenotype.txt"), encoding="utf-8") as handle:
        gene_header = handle.readline()
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[5] in wanted and fields[2] in keep:
                key = (fields[0], fields[5])
                if len(pairs.setdefault(key, [])) < 2:
                    pairs[key].append(line)
    with open(os.path.join(DEST, "genes_to_phenotype.txt"), "w", encoding="utf-8") as out:
        out.write(gene_header)
        for key in sorted(pairs, key=lambda k: (int(k[0]), k[1])):
            out.writelines(pairs[key])
    total = sum(os.path.getsize(os.path.join(DEST, f)) for f in ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt"))
    print(f"{len(keep)} terms ({len(obsolete)} obsolete), {len(wanted)} diseases, {len(rows)} annotation rows, "
          f"{len(pairs)} gene-disease pairs, {total} bytes in {DEST}")


if __name__ == "__main__":
    main()
