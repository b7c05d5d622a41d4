import { describe, expect, it } from 'vitest';
import { OVERLAY_ELEMENTS, overlayUrl } from '../src/index';

describe('overlayUrl', () => {
  it('is the all-in-one dark overlay by default, the key and slug encoded', () => {
    expect(overlayUrl('https://tips.example.com/', 'ada', 'tco_a-b_c')).toBe(
      'https://tips.example.com/overlay/ada?key=tco_a-b_c&show=alerts%2Cgoal%2Cchat%2Cleaderboard&theme=dark',
    );
  });

  it('lists the chosen elements in the page’s order, whatever order they are given in', () => {
    expect(overlayUrl('http://127.0.0.1:4000', 'ada', 'tco_k', { show: ['leaderboard', 'alerts'], theme: 'light' })).toBe(
      'http://127.0.0.1:4000/overlay/ada?key=tco_k&show=alerts%2Cleaderboard&theme=light',
    );
    for (const element of OVERLAY_ELEMENTS) {
      expect(new URL(overlayUrl('http://x', 's', 'tco_k', { show: [element] })).searchParams.get('show')).toBe(element);
    }
  });
});
