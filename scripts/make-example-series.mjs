// Writes examples/data/temperature.csv: two years of a daily temperature-like series
// (yearly cycle, weekly ripple, slow trend, seeded noise) and a humidity column that
// follows it with a lag. Run once; the CSV is committed so the example needs no script.
import { writeFileSync } from 'node:fs';

let state = 12345;
const uniform = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());

const rows = ['day,temperature,humidity'];
let prev = 0;
for (let day = 0; day < 730; day++) {
  const temperature =
    11 +
    9 * Math.sin((2 * Math.PI * (day - 105)) / 365) +
    1.2 * Math.sin((2 * Math.PI * day) / 7) +
    0.002 * day +
    1.5 * normal();
  const humidity = 70 - 1.4 * prev + 4 * normal();
  prev = temperature - 11;
  rows.push(`${day},${temperature.toFixed(2)},${humidity.toFixed(1)}`);
}
writeFileSync(new URL('../examples/data/temperature.csv', import.meta.url), `${rows.join('\n')}\n`);
