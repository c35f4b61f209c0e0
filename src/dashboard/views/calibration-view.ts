/**
 * Calibration: the distribution of the agreed totals as a server-drawn SVG histogram, reviewers' changes, outliers.
 * A unit of a few departments gets one chart per department in the table. A larger one gets a summary table (one
 * row per department) and one chart: the whole unit's, or the department chosen with `?phong=<id>` — 500 charts made
 * an 812 KB page that took half the request to draw and that nobody could read.
 */
import { fmtPeriod, pts } from '../../conversation/render/format.js';
import type { CalibrationData, DepartmentCalibration, ScoreDistribution } from '../calibration-data.js';
import { html, type SafeHtml } from './html.js';
import { notice, page, type Viewer } from './layout.js';

/** Up to this many departments, each one's chart is drawn in its row. */
export const INLINE_CHARTS_MAX = 12;

/** A 10-bin histogram (0–100 points) with the unit's mean as a line; drawn here, no chart library, no script. */
export function histogramSvg(d: ScoreDistribution, unitMean: number | null, W = 260, H = 80): SafeHtml {
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

const meanCell = (d: DepartmentCalibration) => (d.mean === null ? '—' : pts(d.mean));
const adjustedCell = (d: DepartmentCalibration) => `${d.adjusted}${d.meanChange === null ? '' : ` (${d.meanChange > 0 ? '+' : ''}${pts(d.meanChange)})`}`;
const outliersCell = (d: DepartmentCalibration) => (d.outliers.length === 0 ? '—' : d.outliers.map((o) => `${o.fullName} (${pts(o.total)})`).join(', '));

export function calibrationPage(viewer: Viewer, data: CalibrationData): string {
  const intro = html`<p class="muted">${fmtPeriod(data.period.year, data.period.quarter)} — điểm thống nhất của các bản đã duyệt. Đường nét đứt: trung bình toàn cơ quan${data.unitMean === null ? '' : ` (${pts(data.unitMean)})`}.</p>
${data.departments.every((d) => d.totals.length === 0) ? notice('warn', 'Chưa có bản nào được duyệt trong Quý này.') : ''}`;
  const head = (chart: string) =>
    html`<thead><tr><th>Phòng</th>${chart ? html`<th>${chart}</th>` : ''}<th class="num">Trung bình</th><th class="num">Điểm được điều chỉnh</th><th>Khác thường (lệch quá 2 độ lệch chuẩn)</th></tr></thead>`;
  if (data.departments.length <= INLINE_CHARTS_MAX) {
    const rows = data.departments.map(
      (d) => html`<tr><td><b>${d.name}</b><br><span class="muted">${d.totals.length} điểm đã duyệt</span></td>
<td>${histogramSvg(d, data.unitMean)}</td>
<td class="num">${meanCell(d)}</td>
<td class="num">${adjustedCell(d)}</td>
<td>${outliersCell(d)}</td></tr>`,
    );
    return page(viewer, 'Hiệu chuẩn điểm', html`${intro}<div class="table-wrap"><table id="hieu-chuan">${head('Phân bố điểm')}<tbody>${rows}</tbody></table></div>`, '/hieu-chuan');
  }
  const shown: ScoreDistribution = data.selected ?? data.unit;
  const chart = html`${data.unknownDepartment ? notice('warn', 'Không tìm thấy phòng này trong cơ quan; đang hiện phân bố điểm toàn cơ quan.') : ''}
<h2>Phân bố điểm: ${shown.name}${data.selected ? html` <a class="muted" href="/hieu-chuan">(xem toàn cơ quan)</a>` : ''}</h2>
<figure id="bieu-do">${histogramSvg(shown, data.unitMean, 520, 140)}</figure>
<p class="muted">Bấm tên một phòng để xem biểu đồ của phòng đó.</p>`;
  const rows = data.departments.map(
    (d) =>
      html`<tr${d === data.selected ? html` class="selected"` : ''}><td><a href="/hieu-chuan?phong=${d.departmentId}"><b>${d.name}</b></a><br><span class="muted">${d.totals.length} điểm đã duyệt</span></td><td class="num">${meanCell(d)}</td><td class="num">${adjustedCell(d)}</td><td>${outliersCell(d)}</td></tr>\n`,
  );
  return page(viewer, 'Hiệu chuẩn điểm', html`${intro}${chart}<div class="table-wrap"><table id="hieu-chuan">${head('')}<tbody>${rows}</tbody></table></div>`, '/hieu-chuan');
}
