"""Export a checkpoint to the library's ONNX contract + a PyTorch-equality fixture for the C# engine test.

Writes
  src/PianoTranscription/Models/piano-default.onnx   (opset 13, dynamic time axis, metadata_props)
  tests/PianoTranscription.Tests/Fixtures/Model/input_spectrogram.npy   [1,100,bins] float32 (2 s, held-out piano)
  tests/PianoTranscription.Tests/Fixtures/Model/expected_<output>.npy   PyTorch outputs, float32
  tests/PianoTranscription.Tests/Fixtures/Model/README.md

Usage: python3 export.py --run NAME [--version 2.0.0] [--ckpt best|last] [--decoder DECODER.json]
"""
import argparse
import glob
import json
import os
import re

import numpy as np
import onnx
import torch

from model import PianoNet, macs_per_frame, receptive_field_frames

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUTPUTS = ['onset', 'frame', 'offset', 'velocity', 'pedal_onset', 'pedal_frame', 'pedal_offset']
# The operators the library's managed engine runs: read from its one table (KernelFactory.Factories), not repeated.
KERNEL_FACTORY = os.path.join(ROOT, 'src', 'PianoTranscription', 'Inference', 'Onnx', 'KernelFactory.cs')


def engine_operators():
    ops = set(re.findall(r'^\s*\["([A-Za-z0-9]+)"\] = c =>', open(KERNEL_FACTORY).read(), re.M))
    if not ops:
        raise SystemExit('no operator table found in %s' % KERNEL_FACTORY)
    return ops


LICENSES = ('Model weights trained on: MAPS database, MUS set rendered by sample-library pianos (CC BY-NC-SA, V. Emiya, '
            'N. Bertin, B. David, R. Badeau, Telecom ParisTech 2010; the weights are trained on non-commercial, '
            'share-alike data); audio synthesised from POP909 MIDI arrangements (MIT License, Wang et al. 2020); '
            'FluidR3_GM SoundFont (MIT License, Frank Wen; Debian fluid-soundfont-gm); '
            'Salamander Grand Piano V3 samples (CC BY 3.0, Alexander Holm; npm @audio-samples/piano-velocity* and '
            'piano-release, packaging MIT, Jan Forst); validation only: MuseScore_General SoundFont (MIT License, '
            'S. Christian Collins / MuseScore; Debian musescore-general-soundfont). Generated exercises: own work.')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--version', default='2.0.0')
    ap.add_argument('--ckpt', default='best', choices=['best', 'last'],
                    help='runs/RUN/best.pt (best note F1 on the maps_tune split; the default) or last.pt')
    ap.add_argument('--out', default=os.path.join(ROOT, 'src', 'PianoTranscription', 'Models', 'piano-default.onnx'))
    ap.add_argument('--fixture-dir', default=os.path.join(ROOT, 'tests', 'PianoTranscription.Tests', 'Fixtures', 'Model'))
    ap.add_argument('--featurizer', default=os.path.join(HERE, 'featurizer.json'))
    ap.add_argument('--decoder', help='decoder settings JSON tuned on validation (DecoderOptions.ToJson), stored as '
                                      'metadata "pianotranscription.decoder"')
    a = ap.parse_args()
    ck = torch.load(os.path.join(HERE, 'runs', a.run, a.ckpt + '.pt'))
    model = PianoNet(ck['bins'], **ck.get('arch', {}))
    model.load_state_dict(ck['model'])
    model.eval()
    bins = ck['bins']
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    dummy = torch.zeros(1, 100, bins)
    tmp = a.out + '.tmp'
    torch.onnx.export(model, dummy, tmp, opset_version=13, input_names=['spectrogram'], output_names=OUTPUTS,
                      dynamic_axes={'spectrogram': {1: 'frames'}, **{o: {1: 'frames'} for o in OUTPUTS}},
                      do_constant_folding=True)
    m = onnx.load(tmp)
    ops = sorted(set(n.op_type for n in m.graph.node))
    supported = engine_operators()
    bad = [o for o in ops if o not in supported]
    if bad:
        raise SystemExit('ONNX uses ops outside the engine set: %s' % bad)
    featurizer = open(a.featurizer).read().strip()
    params = sum(p.numel() for p in model.parameters())
    meta = {
        'pianotranscription.featurizer': featurizer,
        'pianotranscription.version': a.version,
        # Sample and frame rate are part of the featurizer JSON; the heads key is the output contract (ModelContract).
        'pianotranscription.heads': ','.join(OUTPUTS),
        'pianotranscription.licenses': LICENSES,
        'pianotranscription.receptive_field_frames': str(receptive_field_frames(model)),
        'pianotranscription.description': (
            'Default piano transcription model: compact CNN (%d parameters, %.2f M multiply-adds per frame) over the '
            'PianoDefault log-frequency spectrogram; heads onset/frame/offset/velocity (88 keys, Kong-style onset/'
            'offset regression, J=5 frames) and sustain pedal onset/frame/offset. Trained %d steps on the MAPS '
            'sample-library pianos and synthesised piano audio, acoustically augmented (training/ in the repository).'
            % (params, macs_per_frame(model) / 1e6, ck['step'])),
    }
    if a.decoder:
        meta['pianotranscription.decoder'] = json.dumps(json.load(open(a.decoder)))
    for k, v in meta.items():
        e = m.metadata_props.add()
        e.key, e.value = k, v
    m.producer_name = 'PianoTranscription training/export.py'
    onnx.checker.check_model(m)
    onnx.save(m, tmp)
    os.replace(tmp, a.out)
    print('wrote %s (%.2f MB), ops: %s' % (a.out, os.path.getsize(a.out) / 1e6, ', '.join(ops)))

    # Fixture: 2 s (100 frames) from a held-out-piano spectrogram, and PyTorch's outputs.
    feats = sorted(f for f in glob.glob(os.path.join(HERE, 'work', 'features', 'val', '*.npy')) if '__aug' not in f)
    spec = np.load(feats[0])[200:300].astype(np.float32)[None]
    with torch.no_grad():
        outs = model(torch.from_numpy(spec))
    os.makedirs(a.fixture_dir, exist_ok=True)
    np.save(os.path.join(a.fixture_dir, 'input_spectrogram.npy'), np.ascontiguousarray(spec, dtype=np.float32))
    for name, o in zip(OUTPUTS, outs):
        np.save(os.path.join(a.fixture_dir, 'expected_%s.npy' % name), np.ascontiguousarray(o.numpy(), dtype=np.float32))
    with open(os.path.join(a.fixture_dir, 'README.md'), 'w') as fh:
        fh.write('# Model equality fixture\n\n'
                 'Written by `training/export.py` together with `src/PianoTranscription/Models/piano-default.onnx` '
                 '(version %s, training step %d).\n\n'
                 '- `input_spectrogram.npy`: float32 [1, 100, %d], 2 s of PianoDefault features of `%s` '
                 '(held-out piano), frames 200-299.\n'
                 '- `expected_<output>.npy`: PyTorch outputs for that input (float32; note heads [1, 100, 88], pedal '
                 'heads [1, 100]). Outputs: %s.\n\n'
                 'PyTorch runs BatchNorm unfused and in float32; a managed engine should match to about 1e-4 '
                 'absolute.\n' % (a.version, ck['step'], bins, os.path.basename(feats[0])[:-4], ', '.join(OUTPUTS)))
    json.dump({'version': a.version, 'step': ck['step'], 'params': params, 'macs_per_frame': macs_per_frame(model),
               'ops': ops}, open(os.path.join(HERE, 'runs', a.run, 'export.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
