"""NVlabs whole-process generation, the reference for `latentrad generate` (scripts/bench-generate.ts).

Loads a generator state dict (.npz, NVlabs names) and its constructor kwargs (.json), draws z for seeds 0..N-1 as
NVlabs generate.py does, runs G(z, noise_mode='const') in batches of 8 and writes the images as .npy. Imports
NVlabs' network code from the shared folder given (never copied into this project: non-commercial licence).
Usage: /usr/bin/python3 nvlabs_generate.py NVLABS_DIR G.npz KWARGS.json N OUT.npy THREADS
"""
import json, sys
nvlabs_dir, npz, kwargs_file, count, out, threads = sys.argv[1:7]
sys.path.insert(0, nvlabs_dir)
import numpy as np, torch
from training.networks import Generator

torch.set_num_threads(int(threads))
kwargs = json.load(open(kwargs_file))
G = Generator(**kwargs).eval().requires_grad_(False)
G.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(npz).items()})
images = []
with torch.no_grad():
    for s in range(0, int(count), 8):
        seeds = range(s, min(s + 8, int(count)))
        z = torch.from_numpy(np.stack([np.random.RandomState(k).randn(G.z_dim) for k in seeds])).float()
        images.append(G(z, None, truncation_psi=1, noise_mode='const').numpy())
np.save(out, np.concatenate(images))
