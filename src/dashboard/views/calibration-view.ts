/** Calibration: per department a server-drawn SVG histogram of the agreed totals, reviewers' changes, outliers. */
import { fmtPeriod, pts } from '../../conversation/render/format.js';
import type { CalibrationData, DepartmentCalibration } from '../calibration-data.js';
import { html, type SafeHtml } from './html.js';
import { notice, page, type Viewer } from './layout.js';

const W = 260;
const H = 80;

/** A 10-bin histogram (0–100 points) with the unit's mean as a line; drawn here, no chart library, no script. */
export function histogramSvg(d: DepartmentCalibration, unitMean: number | null): SafeHtml {
  const max = Math.max(1, ...d.bins);
  const bw = W / 10;
  const bars = d.bins.map((n, i) => {
    const h = Math.round((n / max) * (H - 14));
    return html`<rect x="${(i * bw + 1).toFixed(1)}" y="${H - 12 - h}" width="${(bw - 2).toFixed(1)}" height="${h}" fill="#b3261e"><title>${i * 10}–${i === 9 ? 100 : i * 10 + 9} điểm: ${n} người</title></rect>`;
  });
  const meanLine =
    unitMean === null ? '' : html`<line x1="${((unitMean / 100) * W).toFixed(1)}" x2="${((unitMean / 100) * W).toFixed(1)}" y1="0" y2="${H - 12}" stroke="#1d2733" stroke-dasharray="3 2"><title>Trung bình toàn cơ quan ${pts(unitMean)}</title></line>`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Phân bố điểm ${d.name}">${bars}${meanLine}<text x="0" y="${H - 1}" font-size="9" fill="#5b6776">0</text><text x="${W / 2 - 6}" y="${H - 1}" font-size="9" fill="#5b6776">50</text><text x="${W - 16}" y="${H - 1}" font-size="9" fill="#5b6776">100</text></svg>`;
}

export function calibrationPage(viewer: Viewer, data: CalibrationData): string {
  const rows = data.departments.map(
    (d) => html`<tr><td><b>${d.name}</b><br><span class="muted">${d.totals.length} điểm đã duyệt</span></td>
<td>${histogramSvg(d, data.unitMean)}</td>
<td class="num">${d.mean === null ? '—' : pts(d.mean)}</td>
<td class="num">${d.adjusted}${d.meanChange === null ? '' : ` (${d.meanChange > 0 ? '+' : ''}${pts(d.meanChange)})`}</td>
<td>${d.outliers.length === 0 ? '—' : d.outliers.map((o) => `${o.fullName} (${pts(o.total)})`).join(', ')}</td></tr>`,
  );
  const body = html`<p class="muted">${fmtPeriod(data.period.year, data.period.quarter)} — điểm thống nhất của các bản đã duyệt. Đường nét đứt: trung bình toàn cơ quan${data.unitMean === null ? '' : ` (${pts(data.unitMean)})`}.</p>
${data.departments.every((d) => d.totals.length === 0) ? notice('warn', 'Chưa có bản nào được duyệt trong Quý này.') : ''}
<div class="table-wrap"><table id="hieu-chuan"><thead><tr><th>Phòng</th><th>Phân bố điểm</th><th class="num">Trung bình</th><th class="num">Điểm được điều chỉnh</th><th>Khác thường (lệch quá 2 độ lệch chuẩn)</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return page(viewer, 'Hiệu chuẩn điểm', body, '/hieu-chuan');
}
