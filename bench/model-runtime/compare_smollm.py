"""Parity of `mendel-bench generate` output with the SmolLM2 DEV reference.
usage: compare_smollm.py smollm2-dev-reference.json gen MENDEL_GENERATE_OUT.jsonl
       compare_smollm.py smollm2-dev-reference.json tok MENDEL_TOKENIZE_OUT.jsonl   (generate --tokenize output)
gen: prompt ids equal, first-step top-20 logits, greedy output identical up to the first low-margin step."""
import json,sys
d=json.load(open(sys.argv[1], encoding='utf-8'))
mode, out_path = sys.argv[2], sys.argv[3]
if mode=='tok':
    ref={str(it['n']):it for it in d['tokenizer']['items']}
    bad=0
    for line in open(out_path, encoding='utf-8'):
        o=json.loads(line); r=ref[o['id']]
        if o['ids']!=r['ids'] or o['detokenized']!=r['detokenized']:
            bad+=1; print('TOK DIFF',o['id'],repr(r['text']),o['ids'],r['ids'], repr(o['detokenized']))
    print('tokenizer items',len(ref),'mismatches',bad); sys.exit()
ref={p['id']:p for p in d['generation']['prompts']}
for line in open(out_path, encoding='utf-8'):
    o=json.loads(line); r=ref[o['id']]
    print('==',o['id'],'prompt ids equal:',o['prompt_ids']==r['prompt_ids'])
    # first step: only top20 available from ours; compare reference top20 logits with ours where present
    ours={a:b for a,b in o['first_step_top']}
    rt=r['first_step']['top20']
    overlap=sum(1 for t in rt if t['id'] in ours)
    diffs=[abs(ours[t['id']]-t['logit']) for t in rt if t['id'] in ours]
    print('  top20 overlap',overlap,'max|d| on shared',max(diffs) if diffs else None,'argmax ours',o['first_step_top'][0][0],'ref',r['first_step']['argmax_id'],'ref margin',r['step_top1_margin'][0])
    g=r['generated_ids']; m=r['step_top1_margin']; t1=r['step_top1_logit']
    fa=o.get('forced_argmax'); fl=o.get('forced_logit')
    if fa:
        mism=[k for k in range(len(g)) if m[k]>=1.0 and fa[k]!=g[k]]
        ld=max(abs(fl[k]-t1[k]) for k in range(len(g)))
        print('  teacher-forced: argmax mismatches at margin>=1:',mism,' max|logit(gen)-top1|:',round(ld,3))
    out=o['output_ids']
    first_low=next((k for k in range(len(g)) if m[k]<1.0),len(g))
    ok=out[:first_low]==g[:first_low]
    div=next((k for k in range(min(len(out),len(g))) if out[k]!=g[k]),None)
    print('  free-running identical up to first low-margin step',first_low,':',ok,' first divergence at',div,' full identical:',out==g)
    print('  text:',repr(o['text'][:100]))
