"""Gate the 5 x 5 weight grid of two clip models (train.py --keep-state) in dev-score order through the behaviour
tests: each pair of weights (combine.py's Combined; weights 1/1 and 0/0 are the two models' own ONNX files) is
exported over the embedded src/PianoTranscription/Models/analysis-default.onnx, the test project rebuilt and
`dotnet test --filter "FullyQualifiedName~Analysis|FullyQualifiedName~Analyze"` run; the failed tests are appended
to OUT.json (resumable). The embedded model is restored at the end. Dev score: clip accuracy + (1 - top-1 error) +
mean F on the DEV split (the held-out split is not read). --stop: stop at the first model that passes every test.
--calibrate: each model gets combine.py's per-instrument thresholds fitted on dev (Calibrated), and its instrument
dev figures are the cross-fitted ones (use a PAIRNAME that says so). FIRST = SECOND gates that one model once (every
weight pair would export the same model). SIGINT and SIGTERM stop it with the embedded model restored. --only WP,WI gates that one weight pair (a recipe fixed
before training, e.g. the previous default's weights) instead of the grid.

Usage: /usr/bin/python3 gate.py DATA CLI FIRST.pt:ARCH SECOND.pt:ARCH PAIRNAME FIRST.onnx SECOND.onnx OUT.json [--stop] [--calibrate]
         [--only WP,WI]"""
import json, os, re, shutil, signal, subprocess, sys, glob
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch, train, combine
data, cli, fa, fb, pair, onnx_a, onnx_b, out = sys.argv[1:9]
stop = '--stop' in sys.argv
WT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = WT + '/src/PianoTranscription/Models/analysis-default.onnx'
torch.set_num_threads(1)
TRX = '/tmp/analysis-gate-trx'
inst, items, dev = combine.load_items(data, cli)
A, B = combine.build(fa, len(inst)), combine.build(fb, len(inst))
grid = combine.grid(A, B, dev, inst)
calibrated = '--calibrate' in sys.argv
thresholds = {}
weights = combine.WEIGHTS if fa != fb else combine.WEIGHTS[:1]  # one model: every weight pair is that model, gate it once
only = tuple(float(w) for w in sys.argv[sys.argv.index('--only') + 1].split(',')) if '--only' in sys.argv else None
if only:
    assert all(w in combine.WEIGHTS for w in only), '--only: weights from %s' % (combine.WEIGHTS,)
    weights = sorted(set(only))
if calibrated:  # per instrument weight: thresholds fitted on dev, and cross-fitted dev figures in place of the grid's
    for wi in weights:
        thresholds[wi], cal = combine.calibrate(combine.Combined(A, B, wi, wi), dev, inst)
        grid[wi] = dict(grid[wi], instrument_top1_error=cal['instrument_top1_error'], mean_f=cal['mean_f'])
        print('weight %.2f calibrated (cross-fitted dev): top1 %.3f F %.3f' % (wi, cal['instrument_top1_error'], cal['mean_f']), flush=True)
combos = []
for wp in weights:
    for wi in weights:
        if only and (wp, wi) != only:
            continue
        s = grid[wp]['clip_accuracy'] + 1 - grid[wi]['instrument_top1_error'] + grid[wi]['mean_f']
        combos.append(dict(pair=pair, piano_weight=wp, instrument_weight=wi, dev_score=round(s, 3),
                           dev_clip=round(grid[wp]['clip_accuracy'], 3), dev_file=round(grid[wp]['file_accuracy'], 3),
                           dev_top1_error=round(grid[wi]['instrument_top1_error'], 3), dev_mean_f=round(grid[wi]['mean_f'], 3)))
        if calibrated:
            combos[-1]['thresholds'] = dict(zip(inst, thresholds[wi]))
combos.sort(key=lambda c: -c['dev_score'])
# OUT is a list of gate results, or (as committed, with a description of the round) an object holding that list
# under 'combinations_in_dev_order'; either is resumed and written back in its own shape.
doc = json.load(open(out)) if os.path.exists(out) else []
results = doc['combinations_in_dev_order'] if isinstance(doc, dict) else doc
done = {(r['pair'], r['piano_weight'], r['instrument_weight']) for r in results}
orig = open(MODEL, 'rb').read()
cfg = open(os.path.join(WT, 'training/analysis/featurizer.json')).read().strip()
licenses = train.training_licenses([it for it, _ in items])


def stopped(signum, frame):
    raise SystemExit('stopped by signal %d' % signum)  # runs the finally below, which restores the embedded model


signal.signal(signal.SIGTERM, stopped)
signal.signal(signal.SIGINT, stopped)
try:
    for c in combos:
        if (c['pair'], c['piano_weight'], c['instrument_weight']) in done:
            continue
        if calibrated:
            train.export(combine.Calibrated(combine.Combined(A, B, c['piano_weight'], c['instrument_weight']),
                                            thresholds[c['instrument_weight']]), MODEL, cfg, inst, 'combined', licenses=licenses)
        elif c['piano_weight'] == 1 and c['instrument_weight'] == 1:
            shutil.copy(onnx_a, MODEL); c['model'] = 'first alone'
        elif c['piano_weight'] == 0 and c['instrument_weight'] == 0:
            shutil.copy(onnx_b, MODEL); c['model'] = 'second alone'
        else:
            train.export(combine.Combined(A, B, c['piano_weight'], c['instrument_weight']), MODEL, cfg, inst, 'combined', licenses=licenses)
        b = subprocess.run(['nice', '-n', '5', 'dotnet', 'build', WT + '/tests/PianoTranscription.Tests', '-c', 'Release'], capture_output=True, text=True)
        if b.returncode:
            print(b.stdout[-3000:]); raise SystemExit('build failed')
        for f in glob.glob(TRX + '/*.trx'): os.remove(f)
        subprocess.run(['nice', '-n', '5', 'dotnet', 'test', WT + '/tests/PianoTranscription.Tests', '-c', 'Release', '--no-build',
                        '--filter', 'FullyQualifiedName~Analysis|FullyQualifiedName~Analyze',
                        '--logger', 'trx', '--results-directory', TRX], capture_output=True, text=True)
        trx = open(glob.glob(TRX + '/*.trx')[0]).read()
        total = len(re.findall(r'<UnitTestResult ', trx))
        failed = [n.replace('PianoTranscription.Tests.', '') for n, o in re.findall(r'<UnitTestResult [^>]*testName="([^"]+)"[^>]*outcome="([^"]+)"', trx) if o != 'Passed']
        failed = [f.replace('&quot;', '"') for f in failed]
        c['tests_run'] = total
        c['failed_tests'] = failed
        results.append(c)
        json.dump(doc, open(out, 'w'), indent=1)
        print('%s wp %.2f wi %.2f score %.3f: %d of %d failed %s' % (pair, c['piano_weight'], c['instrument_weight'], c['dev_score'], len(failed), total, failed), flush=True)
        if not failed and stop:
            print('PASS', flush=True); break
finally:
    open(MODEL, 'wb').write(orig)
