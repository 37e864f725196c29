import gzip, io
CSQF="Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|Protein_position|Amino_acids|CANONICAL|HGNC_ID|REVEL|am_pathogenicity|SpliceAI_pred_DS_AG|SpliceAI_pred_DS_AL|SpliceAI_pred_DS_DG|SpliceAI_pred_DS_DL|CLIN_SIG|gnomADe_AFR_AF|gnomADe_NFE_AF"
def csq(allele, cons, impact, sym, exon, hgvsc, hgvsp, ppos, aa, revel="", am="", sai=("","","",""), clin="", afr="", nfe="", intron=""):
    return "|".join([allele,cons,impact,sym,"ENSG0000000000"+sym[-1],"Transcript","ENST0000000000"+sym[-1],"protein_coding",exon,intron,hgvsc,hgvsp,ppos,aa,"YES","HGNC:9999"+sym[-1],revel,am,*sai,clin,afr,nfe])
header = """##fileformat=VCFv4.3
##FILTER=<ID=LowQual,Description="Low quality">
##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: %s">
##INFO=<ID=AC_afr,Number=A,Type=Integer,Description="Allele count, African/African American">
##INFO=<ID=AN_afr,Number=1,Type=Integer,Description="Allele number, African/African American">
##INFO=<ID=AC_nfe,Number=A,Type=Integer,Description="Allele count, non-Finnish European">
##INFO=<ID=AN_nfe,Number=1,Type=Integer,Description="Allele number, non-Finnish European">
##INFO=<ID=nhomalt_afr,Number=A,Type=Integer,Description="Homozygotes, African/African American">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">
##contig=<ID=chr1,length=248956422>
##contig=<ID=chr2,length=242193529>
##contig=<ID=chrX,length=156040895>
##contig=<ID=chrM,length=16569>
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	proband 1	father	mother
""" % CSQF
F="GT:AD:DP:GQ"
rows = [
 # 1 de novo missense in ADGENEA, high REVEL, absent
 ["chr1","1000","rs1","C","T","50","PASS","AC_afr=0;AN_afr=20000;AC_nfe=0;AN_nfe=60000;CSQ="+csq("T","missense_variant","MODERATE","ADGENEA","3/10","ENST00000000000A.1:c.100C>T","ENSP00000000000A.1:p.Arg34Trp","34","R/W",revel="0.95",sai=("0.01","0.00","0.00","0.00")),F,"0/1:20,18:38:99","0/0:30,0:30:90","0/0:28,0:28:90"],
 # 2 frameshift in ARGENEB from father (not last exon)
 ["chr2","2000",".","AG","A","60","PASS","AC_afr=1;AN_afr=20000;AC_nfe=0;AN_nfe=60000;CSQ="+csq("-","frameshift_variant","HIGH","ARGENEB","4/12","ENST00000000000B.1:c.300del","ENSP00000000000B.1:p.Gly100AlafsTer5","100","G/X"),F,"0/1:15,15:30:99","0/1:14,16:30:99","0/0:25,0:25:90"],
 # 3 missense in ARGENEB from mother
 ["chr2","2500",".","G","A","60","PASS","AC_afr=0;AN_afr=20000;AC_nfe=0;AN_nfe=60000;CSQ="+csq("A","missense_variant","MODERATE","ARGENEB","6/12","ENST00000000000B.1:c.500G>A","ENSP00000000000B.1:p.Arg167Gln","167","R/Q",revel="0.80",sai=("0.00","0.02","0.00","0.00")),F,"0/1:12,14:26:99","0/0:22,0:22:90","0/1:10,12:22:99"],
 # 4 common variant, BA1 on African group
 ["chr1","3000",".","A","G","70","PASS","AC_afr=3000;AN_afr=20000;AC_nfe=30;AN_nfe=60000;nhomalt_afr=250;CSQ="+csq("G","missense_variant","MODERATE","ADGENEA","5/10","ENST00000000000A.1:c.400A>G","ENSP00000000000A.1:p.Lys134Glu","134","K/E",revel="0.20"),F,"1/1:0,30:30:99","0/1:15,15:30:99","0/1:14,16:30:99"],
 # 5 synonymous, SpliceAI low -> BP7
 ["chr1","4000",".","G","A","70","PASS","AC_afr=40;AN_afr=20000;AC_nfe=10;AN_nfe=60000;CSQ="+csq("A","synonymous_variant","LOW","ADGENEA","6/10","ENST00000000000A.1:c.501G>A","ENSP00000000000A.1:p.Leu167%3D","167","L",sai=("0.00","0.01","0.00","0.02")),F,"0/1:10,9:19:80","0/1:12,9:21:80","0/0:20,0:20:80"],
 # 6 multi-allelic, mitochondrial, haploid calls
 ["chrM","5000",".","A","G,T","80","PASS","CSQ="+csq("G","missense_variant","MODERATE","MT-ND9","1/1","ENST0000000000MT9.1:c.10A>G","p.Thr4Ala","4","T/A")+","+csq("T","stop_gained","HIGH","MT-ND9","1/1","ENST0000000000MT9.1:c.10A>T","p.Lys4Ter","4","K/*"),"GT:DP","2:50","0:40","1:45"],
 # 7 phased, low quality filter, ARGENEB intronic deep
 ["2","2600",".","T","C","10","LowQual","AC_afr=2;AN_afr=20000;CSQ="+csq("C","intron_variant","MODIFIER","ARGENEB","","ENST00000000000B.1:c.600+45T>C","","","",sai=("0.00","0.00","0.01","0.00"),intron="6/11"),"GT:PS","0|1:2500","0/0:.","0/1:."],
 # 8 X-linked hemizygous LoF in last exon
 ["chrX","7000",".","C","T","90","PASS","AC_afr=0;AN_afr=15000;CSQ="+csq("T","stop_gained","HIGH","XLGENEC","9/9","ENST00000000000C.1:c.900C>T","ENSP00000000000C.1:p.Gln300Ter","300","Q/*"),F,"1:0,30:30:99","0:25,0:25:99","0/1:12,13:25:99"],
]
body="".join("\t".join(r)+"\n" for r in rows)
open("trio.vcf","w").write(header+body)
# two gzip members (header, then records) like concatenated .gz files
with open("trio.vcf.gz","wb") as f:
    f.write(gzip.compress(header.encode())); f.write(gzip.compress(body.encode()))
open("trio.ped","w").write("# family\tid\tfather\tmother\tsex\tphenotype\nFAM1\tproband 1\tfather\tmother\t1\t2\nFAM1\tfather\t0\t0\t1\t1\nFAM1\tmother\t0\t0\t2\t1\n".replace("proband 1","proband_1"))
small_header = """##fileformat=VCFv4.2
##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	S1
"""
good = "1\t100\t.\tA\tG\t50\tPASS\tDP=10\tGT\t0/1\n"
open("malformed_truncated.vcf","w").write(small_header+good+"1\t200\t.\tC\tT\t50")
open("malformed_columns.vcf","w").write(small_header+good+"1\t300\t.\tC\tT\t50\tPASS\tDP=3\n")
open("malformed_gt.vcf","w").write(small_header+good+"1\t400\t.\tC\tT\t50\tPASS\tDP=3\tGT\t0/3\n"+good.replace("100","500"))
open("malformed_utf8.vcf","wb").write((small_header+good).encode()+b"1\t600\t.\tC\tT\t50\tPASS\tDP=3;NOTE=caf\xe9\xff\tGT\t0/1\n")
open("malformed_missing_header.vcf","w").write(small_header.split("#CHROM")[0]+good)
open("malformed_csq_no_format.vcf","w").write("""##fileformat=VCFv4.2
##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP">
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO
1	100	.	A	G	50	PASS	CSQ=G|missense_variant|MODERATE|X
""")
# ClinVar variant_summary subset (self-made rows, real column layout)
cols="#AlleleID	Type	Name	GeneID	GeneSymbol	HGNC_ID	ClinicalSignificance	ClinSigSimple	LastEvaluated	RS# (dbSNP)	nsv/esv (dbVar)	RCVaccession	PhenotypeIDS	PhenotypeList	Origin	OriginSimple	Assembly	ChromosomeAccession	Chromosome	Start	Stop	ReferenceAllele	AlternateAllele	Cytogenetic	ReviewStatus	NumberSubmitters	Guidelines	TestedInGTR	OtherIDs	SubmitterCategories	VariationID	PositionVCF	ReferenceAlleleVCF	AlternateAlleleVCF"
def cv(aid, name, gene, sig, asm, review, vid):
    f=[aid,"single nucleotide variant",name,"1",gene,"-",sig,"1","-","-1","-","RCV0","-","-","germline","germline",asm,"NC_0","1","1","1","na","na","1p","%s"%review,"2","-","N","-","1",vid,"1","A","G"]
    return "\t".join(f)
lines=[cols,
 cv("1","NM_000001.1(ADGENEA):c.101G>T (p.Arg34Leu)","ADGENEA","Pathogenic","GRCh38","criteria provided, multiple submitters, no conflicts","101"),
 cv("1","NM_000001.1(ADGENEA):c.101G>T (p.Arg34Leu)","ADGENEA","Pathogenic","GRCh37","criteria provided, multiple submitters, no conflicts","101"),
 cv("2","NM_000002.1(ARGENEB):c.499A>C (p.Arg167Gln)","ARGENEB","Likely pathogenic","GRCh38","criteria provided, single submitter","102"),
 cv("3","NM_000002.1(ARGENEB):c.700C>T (p.Arg234Cys)","ARGENEB","Pathogenic","GRCh38","no assertion criteria provided","103"),
 cv("4","NM_000002.1(ARGENEB):c.800C>T (p.Ala267Val)","ARGENEB","Benign","GRCh38","criteria provided, single submitter","104"),
]
open("clinvar_variant_summary.txt.gz","wb").write(gzip.compress(("\n".join(lines)+"\n").encode()))
open("frequencies.tsv","w").write("chrom\tpos\tref\talt\tAC_afr\tAN_afr\tnhomalt_afr\tAC_asj\tAN_asj\tAC_nfe\tAN_nfe\n"
  "chr1\t1000\tC\tT\t0\t20000\t0\t0\t5000\t0\t60000\n"
  "13\t32340300\tGT\tG\t0\t20000\t0\t60\t10000\t10\t60000\n"
  "1\t3000\tA\tG\t30\t1000\t0\t0\t5000\t900\t60000\n")
open("constraint.tsv","w").write("gene\ttranscript\tmane_select\tlof.oe_ci.upper\nADGENEA\tENST1\tfalse\t0.9\nADGENEA\tENST2\ttrue\t0.21\nARGENEB\tENST3\ttrue\t1.1\nXLGENEC\tENST4\ttrue\t0.4\n")
