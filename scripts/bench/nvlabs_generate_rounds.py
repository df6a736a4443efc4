"""NVlabs generation in rounds on request, for bench:gan's interleaved comparison (scripts/bench/pairedGeneration.ts).

Builds NVlabs' Generator (random weights: speed does not depend on training) from the shared folder's network code
(imported, never copied: non-commercial licence), then for each line "K" read on stdin generates K batches of B
images with noise_mode='const' under torch.no_grad() and prints one JSON line: {"cpu": s, "wall": s, "images": n}
(process CPU seconds, all threads, and wall seconds for those batches). An empty line or EOF ends it.
Usage: /usr/bin/python3 nvlabs_generate_rounds.py NVLABS_DIR CONFIG_JSON
CONFIG_JSON: {"res", "channels", "z_dim", "w_dim", "mapping_layers", "cbase", "cmax", "batch", "threads"}
"""
import json, sys, time, warnings
warnings.filterwarnings('ignore')
nvlabs_dir, config = sys.argv[1], json.loads(sys.argv[2])
sys.path.insert(0, nvlabs_dir)
import torch
from training.networks import Generator

torch.set_num_threads(int(config['threads']))
torch.manual_seed(0)
synthesis = dict(channel_base=config['cbase'], channel_max=config['cmax'], num_fp16_res=0, conv_clamp=256)
G = Generator(z_dim=config['z_dim'], c_dim=0, w_dim=config['w_dim'], img_resolution=config['res'],
              img_channels=config['channels'], mapping_kwargs=dict(num_layers=config['mapping_layers']),
              synthesis_kwargs=synthesis).eval().requires_grad_(False)
batch = int(config['batch'])
z = torch.randn(batch, config['z_dim'])
with torch.no_grad():
    G(z, None, noise_mode='const')  # warm-up
    print(json.dumps({'ready': True, 'torch': torch.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        rounds = int(line)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(rounds):
            G(z, None, noise_mode='const')
        print(json.dumps({'cpu': time.process_time() - cpu, 'wall': time.perf_counter() - wall, 'images': rounds * batch}), flush=True)
