/** Splits the shortest round-trip decimal form of `value` into sign, digits and exponent. */
function shortestDigits(value: number): { negative: boolean; digits: string; exponent: number } {
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  return { negative, digits: mantissa.replace('-', '').replace('.', ''), exponent: Number(exponentText) };
}

/** Places the decimal point: `digits` × 10^(exponent − digits.length + 1), without exponent notation. */
function fixedNotation(digits: string, exponent: number): string {
  if (exponent >= 0) {
    const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${integer}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/**
 * A float as Python's `repr`/`json.dumps` writes it (LMI output): `-1.0`, `-0.052`, `1e-05`, `1e+16`.
 * Python switches to exponent notation below 1e-4 and from 1e16.
 */
export function formatPythonFloat(value: number): string {
  const magnitude = Math.abs(value);
  // Hot path (log-probabilities): in this range JavaScript and Python print the same digits,
  // except that Python keeps ".0" on integral values.
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    return Number.isInteger(value) ? `${text}.0` : text;
  }
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const { negative, digits, exponent } = shortestDigits(value);
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return sign + fixedNotation(digits, exponent);
}

/**
 * The shortest decimal digits that round-trip through an f32 (what Rust's ryu prints), found by
 * search over the precision: if p digits round-trip, so do p + 1.
 */
function shortestPrecision(single: number): number {
  const roundTrips = (precision: number): boolean => Math.fround(Number(single.toPrecision(precision))) === single;
  // Typical f32 values need 8 or 9 digits: test those first (9 digits always identify an f32).
  if (!roundTrips(8)) return 9;
  if (!roundTrips(7)) return 8;
  let low = 1;
  let high = 7;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (roundTrips(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The shortest decimal digits that round-trip through an f32 (what Rust's ryu prints), found by
 * search over the precision: if p digits round-trip, so do p + 1.
 */
function shortestF32(single: number): { negative: boolean; digits: string; exponent: number } {
  const [mantissa, exponentText] = single.toExponential(shortestPrecision(single) - 1).split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  return { negative, digits, exponent: Number(exponentText) };
}

/**
 * An `f32` as serde_json writes it (TGI's `logprob`): shortest round-trip digits, `-1.0` for
 * integral values, `1e-7` / `1.5e20` style exponents (ryu's `format32` rules).
 */
export function formatRustF32(value: number): string {
  if (!Number.isFinite(value)) return 'null'; // serde_json writes non-finite floats as null
  const single = Math.fround(value);
  if (single === 0) return Object.is(single, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(single);
  if (magnitude >= 1e-5 && magnitude < 1e7) {
    // Hot path (log-probabilities): toPrecision prints fixed notation here, as ryu does, and
    // the shortest digits never end in 0; only integral values need ryu's ".0".
    const text = single.toPrecision(shortestPrecision(single));
    if (!text.includes('e')) return text.includes('.') ? text : `${text}.0`;
  }
  const { negative, digits, exponent } = shortestF32(single);
  const sign = negative ? '-' : '';
  const pointPosition = exponent + 1; // ryu's `kk`: digits before the decimal point
  const trailingZeros = pointPosition - digits.length; // ryu's `k`
  if (trailingZeros >= 0 && pointPosition <= 13) return `${sign}${digits}${'0'.repeat(trailingZeros)}.0`;
  if (pointPosition > 0 && pointPosition <= 13) return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
  if (pointPosition > -6 && pointPosition <= 0) return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
  const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mantissa}e${exponent}`;
}
