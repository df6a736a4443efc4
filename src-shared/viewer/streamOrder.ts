// The order a volume's slices are fetched in while it streams into the viewer: from the middle outwards, so the
// planes fill from where the anatomy usually is and the axial plane shown first is complete at once.

/** Slice indices 0..n−1 from the middle outwards (middle, middle+1, middle−1, middle+2, ...). */
export function middleOut(n: number): number[] {
  if (n <= 0) return [];
  const mid = Math.floor((n - 1) / 2);
  const order = [mid];
  for (let d = 1; order.length < n; d++) {
    if (mid + d < n) order.push(mid + d);
    if (mid - d >= 0) order.push(mid - d);
  }
  return order;
}
