#!/usr/bin/env python3
"""Export an NVlabs stylegan2-ada-pytorch generator to a LatentRad model directory.

Run this where the network was trained (it is the only place anything is unpickled; LatentRad itself never
unpickles). Two inputs, one conversion path:

  export_stylegan2_ada.py --pkl network-snapshot.pkl --out DIR [--stylegan-repo PATH] [--with-discriminator]
      needs PyTorch and a stylegan2-ada-pytorch checkout (its dnnlib/torch_utils/legacy modules unpickle the file)
  export_stylegan2_ada.py --state-dict G_ema.npz|G_ema.pt --config kwargs.json --out DIR
      a bare G_ema.state_dict() (.npz needs only numpy; .pt needs PyTorch) plus the Generator constructor kwargs
      (either the kwargs object itself or {"generator_kwargs": {...}})

The directory holds model.json (architecture, w_avg, num_ws, provenance) and generator.safetensors (every
G_ema.state_dict() tensor under its NVlabs name, float32). Register it with `latentrad import-model DIR`.
"""
import argparse
import datetime
import hashlib
import json
import os
import struct
import sys

import numpy as np

FORMAT = 'latentrad-stylegan2'
TOOL = 'scripts/export_stylegan2_ada.py 1'


def fail(message):
    sys.stderr.write(f'export_stylegan2_ada: error: {message}\n')
    sys.exit(1)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def architecture_from_kwargs(kw):
    """NVlabs Generator kwargs -> LatentRad's flat architecture, with NVlabs' defaults for anything omitted."""
    for key in ('z_dim', 'w_dim', 'img_resolution', 'img_channels'):
        if key not in kw:
            fail(f'generator kwargs lack "{key}"')
    if kw.get('c_dim', 0) not in (0, None):
        fail(f'conditional generators (c_dim={kw["c_dim"]}) are not supported')
    mapping = kw.get('mapping_kwargs') or {}
    synthesis = kw.get('synthesis_kwargs') or {}
    if synthesis.get('architecture', 'skip') != 'skip':
        fail(f'synthesis architecture "{synthesis["architecture"]}" is not supported (only "skip")')
    return {
        'resolution': int(kw['img_resolution']),
        'imgChannels': int(kw['img_channels']),
        'zDim': int(kw['z_dim']),
        'wDim': int(kw['w_dim']),
        'cDim': 0,
        'mappingLayers': int(mapping.get('num_layers', 8)),
        'mappingLrMultiplier': float(mapping.get('lr_multiplier', 0.01)),
        'wAvgBeta': float(mapping.get('w_avg_beta', 0.995)),
        'channelBase': int(synthesis.get('channel_base', 32768)),
        'channelMax': int(synthesis.get('channel_max', 512)),
        'convClamp': None if synthesis.get('conv_clamp') is None else float(synthesis['conv_clamp']),
        'mbstdGroupSize': 4,
        'mbstdChannels': 1,
    }


def num_ws(arch):
    blocks = int(np.log2(arch['resolution'])) - 1
    return 1 + 2 * (blocks - 1) + 1


def encode_safetensors(arrays, metadata):
    header = {'__metadata__': metadata}
    offset = 0
    for name, a in arrays.items():
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(',', ':'))
    text += ' ' * ((8 - (8 + len(text)) % 8) % 8)
    raw = text.encode('utf-8')
    parts = [struct.pack('<Q', len(raw)), raw]
    parts += [np.ascontiguousarray(a, dtype='<f4').tobytes() for a in arrays.values()]
    return b''.join(parts)


def to_float32_arrays(state, source, require_w_avg=True):
    out = {}
    for name, value in state.items():
        if hasattr(value, 'detach'):  # a torch tensor
            value = value.detach().cpu().numpy()
        a = np.asarray(value)
        if not np.issubdtype(a.dtype, np.floating):
            continue  # integer bookkeeping buffers are not weights
        if not np.all(np.isfinite(a)):
            fail(f'{source}: tensor {name} contains NaN or infinity')
        out[name] = a.astype(np.float32)
    if require_w_avg and 'mapping.w_avg' not in out:
        fail(f'{source}: no mapping.w_avg: is this a Generator (G_ema) state dict?')
    return out


def write_model_dir(out_dir, name, kwargs, g_state, d_state, provenance):
    """The one conversion path shared by --pkl and --state-dict."""
    arch = architecture_from_kwargs(kwargs)
    g = to_float32_arrays(g_state, provenance.get('inputFile', 'state dict'))
    w_avg = g['mapping.w_avg']
    if w_avg.shape != (arch['wDim'],):
        fail(f'mapping.w_avg has shape {w_avg.shape}, w_dim is {arch["wDim"]}')
    os.makedirs(out_dir, exist_ok=True)
    weights = {'generator': 'generator.safetensors'}
    with open(os.path.join(out_dir, 'generator.safetensors'), 'wb') as f:
        f.write(encode_safetensors(g, {'format': FORMAT, 'network': 'G_ema'}))
    if d_state is not None:
        d = to_float32_arrays(d_state, 'discriminator', require_w_avg=False)
        weights['discriminator'] = 'discriminator.safetensors'
        with open(os.path.join(out_dir, 'discriminator.safetensors'), 'wb') as f:
            f.write(encode_safetensors(d, {'format': FORMAT, 'network': 'D'}))
    manifest = {
        'format': FORMAT,
        'formatVersion': 1,
        'name': name,
        'architecture': arch,
        'numWs': num_ws(arch),
        'wAvg': [float(v) for v in w_avg],
        'weights': weights,
        'provenance': {**provenance, 'nvlabsKwargs': kwargs},
    }
    with open(os.path.join(out_dir, 'model.json'), 'w') as f:
        # default=str: pickled kwargs may hold values JSON does not know (EasyDicts are dicts and pass as is).
        json.dump(manifest, f, indent=2, default=str)
        f.write('\n')
    return manifest


def load_state_dict(path):
    if path.endswith('.npz'):
        with np.load(path, allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    if path.endswith('.pt') or path.endswith('.pth'):
        try:
            import torch
        except ImportError:
            fail('reading a .pt state dict needs PyTorch; save it as .npz instead (np.savez(path, **{k: v.cpu().numpy() ...}))')
        state = torch.load(path, map_location='cpu', weights_only=True)
        if not isinstance(state, dict):
            fail(f'{path}: expected a state dict (name -> tensor), found {type(state).__name__}')
        return state
    fail(f'{path}: a state dict must be .npz or .pt')


def load_kwargs(path):
    with open(path) as f:
        data = json.load(f)
    return data.get('generator_kwargs', data) if isinstance(data, dict) else fail(f'{path}: not a JSON object')


def load_pickle(path, stylegan_repo, with_d):
    if stylegan_repo:
        sys.path.insert(0, os.path.abspath(stylegan_repo))
    try:
        import torch  # noqa: F401  (the pickle references torch classes)
        import dnnlib  # noqa: F401
        import legacy
    except ImportError as e:
        fail(f'--pkl needs PyTorch and a stylegan2-ada-pytorch checkout on the path (--stylegan-repo PATH): {e}')
    with open(path, 'rb') as f:
        data = legacy.load_network_pkl(f)
    G = data['G_ema']
    kwargs = dict(G.init_kwargs)
    D = data.get('D') if with_d else None
    return kwargs, G.state_dict(), (D.state_dict() if D is not None else None)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument('--pkl', help='NVlabs network snapshot (.pkl)')
    src.add_argument('--state-dict', help='G_ema.state_dict() as .npz or .pt')
    p.add_argument('--config', help='Generator constructor kwargs (JSON), required with --state-dict')
    p.add_argument('--stylegan-repo', help='path of a stylegan2-ada-pytorch checkout (for --pkl)')
    p.add_argument('--with-discriminator', action='store_true', help='also export D from the pickle (to continue training)')
    p.add_argument('--name', help='model name shown in LatentRad (default: the input file name)')
    p.add_argument('--out', required=True, help='model directory to write')
    args = p.parse_args(argv)

    source_path = args.pkl or args.state_dict
    if not os.path.isfile(source_path):
        fail(f'{source_path}: no such file')
    if args.pkl:
        kwargs, g_state, d_state = load_pickle(args.pkl, args.stylegan_repo, args.with_discriminator)
        source = 'nvlabs-pkl'
    else:
        if not args.config:
            fail('--state-dict needs --config kwargs.json (the Generator constructor kwargs)')
        kwargs, g_state, d_state = load_kwargs(args.config), load_state_dict(args.state_dict), None
        source = 'nvlabs-state-dict'
    name = args.name or os.path.splitext(os.path.basename(source_path))[0]
    provenance = {
        'source': source,
        'description': f'NVlabs stylegan2-ada-pytorch generator exported from {os.path.basename(source_path)}',
        'createdAt': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'tool': TOOL,
        'inputFile': os.path.basename(source_path),
        'inputSha256': sha256_of(source_path),
    }
    manifest = write_model_dir(args.out, name, kwargs, g_state, d_state, provenance)
    a = manifest['architecture']
    print(f'wrote {args.out}: {a["resolution"]}px x{a["imgChannels"]}, z {a["zDim"]}, w {a["wDim"]}, num_ws {manifest["numWs"]}')


if __name__ == '__main__':
    main()
