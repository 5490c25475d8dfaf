// The Overview's live charts (uPlot): the same series the tray draws, from /dashboard/traffic.
const specs = [
  { id: 'rps', title: 'Requests/s', series: [{ key: 'requests_per_second', label: 'req/s', color: '--accent' }] },
  { id: 'tps', title: 'Tokens/s', series: [{ key: 'tokens_per_second', label: 'tokens/s', color: '--ok' }] },
  { id: 'ttft', title: 'Time to first token (ms)', series: [
    { key: 'ttft_p50_ms', label: 'p50', color: '--accent' }, { key: 'ttft_p95_ms', label: 'p95', color: '--warn' }] },
  { id: 'err', title: 'Error rate (%)', series: [{ key: 'error_percent', label: 'errors %', color: '--bad' }] },
];

function clock(seconds, withSeconds) {
  const options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (withSeconds) options.second = '2-digit';
  return new Date(seconds * 1000).toLocaleTimeString([], options);
}

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

export class Charts {
  constructor(container) {
    this.container = container;
    this.plots = [];
    this.resize = () => this.plots.forEach(({ plot, box }) => plot.setSize(this.size(box)));
    window.addEventListener('resize', this.resize);
  }

  size(box) { return { width: Math.max(240, box.clientWidth - 4), height: 180 }; }

  build() {
    this.container.innerHTML = specs.map((s) => `<div class="card"><h2>${s.title}</h2><div class="chart" id="chart-${s.id}" data-points="0"></div></div>`).join('');
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--line'), width: 1 }, ticks: { stroke: cssVar('--line') } };
    this.plots = specs.map((s) => {
      const box = document.getElementById(`chart-${s.id}`);
      const opts = {
        ...this.size(box),
        series: [{}, ...s.series.map((x) => ({ label: x.label, stroke: cssVar(x.color), width: 1.5, spanGaps: false }))],
        // Hours and minutes only: uPlot's default adds a date line that crowds narrow charts.
        axes: [{ ...axis, space: 70, values: (u, ticks, i, space, incr) => ticks.map((t) => clock(t, incr < 60)) }, { ...axis, size: 50 }],
        scales: { y: { range: (u, min, max) => [0, Math.max(max, s.id === 'err' ? 5 : 1)] } },
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
      };
      return { spec: s, box, plot: new window.uPlot(opts, [[], ...s.series.map(() => [])], box) };
    });
  }

  update(data) {
    for (const { spec, box, plot } of this.plots) {
      const columns = spec.series.map((x) => data[x.key]);
      plot.setData([data.time, ...columns]);
      // For tests and screen readers: how many points carry data.
      box.dataset.points = String(columns[0].filter((v) => v !== null && v > 0).length);
    }
  }

  destroy() {
    window.removeEventListener('resize', this.resize);
    this.plots.forEach(({ plot }) => plot.destroy());
    this.plots = [];
  }
}
