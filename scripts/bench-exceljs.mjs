// exceljs's own streaming read of a workbook, every cell touched: the baseline for kpi's Excel overhead.
import ExcelJS from 'exceljs';

const [file] = process.argv.slice(2);
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { entries: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
let rows = 0;
let cells = 0;
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    row.eachCell(() => cells++);
  }
  break;
}
console.log(JSON.stringify({ rows, cells }));
