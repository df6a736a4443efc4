"""README figure for the encoder: 10 evenly spaced held-out slices, their one-pass reconstructions G(E(x)) (marked
SYNTHETIC) and the signed difference (red brighter, blue darker, +-0.5 on the model's [-1, 1] scale).
Usage: python3 scripts/encoder-figure.py EVAL_OUT_DIR OUT.png   (EVAL_OUT_DIR: scripts/eval-ixi-encoder.ts's OUT_DIR,
which holds targets.npy and projections.npy). Needs numpy and Pillow."""
import sys
import numpy as np
from PIL import Image, ImageDraw

src, dst = sys.argv[1], sys.argv[2]
t = np.load(f'{src}/targets.npy').reshape(-1, 64, 64)
p = np.load(f'{src}/projections.npy').reshape(-1, 64, 64)
idx = np.linspace(0, len(t) - 1, 10).astype(int)
u8 = lambda x: np.clip(x, 0, 255).astype(np.uint8)
real = u8((np.concatenate([t[i] for i in idx], 1) + 1) * 127.5)
recon = u8((np.concatenate([p[i] for i in idx], 1) + 1) * 127.5)
s = np.clip(np.concatenate([p[i] - t[i] for i in idx], 1) / 0.5, -1, 1)
diff = u8(np.stack([255 * (1 - np.clip(-s, 0, 1)), 255 * (1 - np.abs(s)), 255 * (1 - np.clip(s, 0, 1))], -1))
grid = np.concatenate([np.stack([real] * 3, -1), np.stack([recon] * 3, -1), diff], 0)
img = Image.fromarray(grid).resize((grid.shape[1] * 2, grid.shape[0] * 2), Image.NEAREST)
out = Image.new('RGB', (img.width + 170, img.height), (20, 20, 24))
out.paste(img, (170, 0))
draw = ImageDraw.Draw(out)
for y, text in [(50, 'real (held out)'), (170, 'SYNTHETIC'), (186, 'G(E(x)), one pass'), (300, 'difference'), (316, 'red brighter,'), (332, 'blue darker, +-0.5')]:
    draw.text((8, y), text, fill=(255, 200, 80) if text == 'SYNTHETIC' else (230, 230, 230))
out.save(dst)
