import { axisLabels, bandCentre, barSlot, countScale, isLabelled, labelStride, niceStep, valueToY } from './chart-scale';

describe('niceStep', () => {
  it.each([
    [0, 1],
    [0.4, 1],
    [1, 1],
    [1.2, 2],
    [2, 2],
    [2.5, 5],
    [7, 10],
    [12, 20],
    [49, 50],
    [51, 100],
    [Number.NaN, 1],
  ])('%p → %p', (rough, step) => {
    expect(niceStep(rough)).toBe(step);
  });
});

describe('countScale', () => {
  it.each([
    [0, { max: 1, ticks: [0, 1] }],
    [1, { max: 1, ticks: [0, 1] }],
    [3, { max: 3, ticks: [0, 1, 2, 3] }],
    [4, { max: 4, ticks: [0, 1, 2, 3, 4] }],
    [5, { max: 6, ticks: [0, 2, 4, 6] }],
    [9, { max: 10, ticks: [0, 5, 10] }],
    [17, { max: 20, ticks: [0, 5, 10, 15, 20] }],
    [120, { max: 150, ticks: [0, 50, 100, 150] }],
    [2.4, { max: 3, ticks: [0, 1, 2, 3] }],
    [-3, { max: 1, ticks: [0, 1] }],
  ])('max %p → %j', (max, scale) => {
    expect(countScale(max)).toEqual(scale);
  });

  it('always reaches the largest value with whole-number ticks', () => {
    for (let value = 0; value <= 1000; value += 7) {
      const { max, ticks } = countScale(value);
      expect(max).toBeGreaterThanOrEqual(value);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBe(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});

describe('valueToY', () => {
  const scale = countScale(10);
  it('maps 0 to the bottom and the top of the scale to 0', () => {
    expect(valueToY(0, scale, 200)).toBe(200);
    expect(valueToY(10, scale, 200)).toBe(0);
    expect(valueToY(5, scale, 200)).toBe(100);
  });
  it('clamps values outside the scale', () => {
    expect(valueToY(-1, scale, 200)).toBe(200);
    expect(valueToY(99, scale, 200)).toBe(0);
  });
});

describe('barSlot', () => {
  it('centres one bar in each day band', () => {
    expect(barSlot(0, 4, 0, 1, 0.2)).toEqual({ x: 2.5, width: 20 });
    expect(barSlot(3, 4, 0, 1, 0.2)).toEqual({ x: 77.5, width: 20 });
  });
  it('puts the bars of one day side by side without overlap', () => {
    const days = 30;
    let previousEnd = 0;
    for (let day = 0; day < days; day += 1) {
      for (let series = 0; series < 2; series += 1) {
        const slot = barSlot(day, days, series, 2);
        expect(slot.x).toBeGreaterThanOrEqual(previousEnd - 0.002);
        previousEnd = slot.x + slot.width;
      }
    }
    expect(previousEnd).toBeLessThanOrEqual(100);
  });
  it('keeps the group centred on the band centre', () => {
    const left = barSlot(2, 7, 0, 2);
    const right = barSlot(2, 7, 1, 2);
    expect((left.x + right.x + right.width) / 2).toBeCloseTo(bandCentre(2, 7), 2);
  });
});

describe('axis labels', () => {
  it('labels every day when they fit', () => {
    expect(labelStride(7, 7)).toBe(1);
    expect(labelStride(7, 12)).toBe(1);
  });
  it('thins labels to fit', () => {
    expect(labelStride(30, 10)).toBe(3);
    expect(labelStride(30, 5)).toBe(6);
    expect(labelStride(7, 4)).toBe(2);
  });
  it('always labels the last day (today)', () => {
    for (const [count, stride] of [[7, 2], [30, 3], [30, 7]] as const) {
      expect(isLabelled(count - 1, count, stride)).toBe(true);
      const labelled = Array.from({ length: count }, (_, index) => index).filter((index) => isLabelled(index, count, stride));
      expect(labelled.length).toBe(Math.ceil(count / stride));
    }
  });
});

describe('axisLabels', () => {
  it('labels each day of a week on a wide card and every other day on a phone', () => {
    expect(axisLabels(7, { wide: 7, narrow: 4 })).toEqual(['always', 'wide', 'always', 'wide', 'always', 'wide', 'always']);
  });
  it('keeps the phone labels a subset of the wide ones over a month', () => {
    const labels = axisLabels(30, { wide: 10, narrow: 5 });
    expect(labels.filter(Boolean)).toHaveLength(10);
    expect(labels.filter((label) => label === 'always')).toHaveLength(5);
    expect(labels[29]).toBe('always');
    expect(labels.map((label, index) => (label ? index : -1)).filter((index) => index >= 0)).toEqual([2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
  });
});
