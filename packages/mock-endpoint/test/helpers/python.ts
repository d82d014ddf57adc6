import { execFile, execFileSync } from 'node:child_process';

/** The minimum boto3: AWS_ENDPOINT_URL_<SERVICE> support arrived in 1.28. */
const MIN_BOTO3 = [1, 28];
/** The interpreter: `SAGESTREAM_PYTHON` (set by .ci/run from scripts/ensure-python-boto3.sh), else python3 on PATH. */
export const PYTHON = process.env.SAGESTREAM_PYTHON || 'python3';
/** CI sets SAGESTREAM_REQUIRE_E2E=1: then a missing boto3 fails the Python tests instead of skipping them. */
export const PYTHON_REQUIRED = process.env.SAGESTREAM_REQUIRE_E2E === '1';
const HOW_TO = 'run `bash scripts/ensure-python-boto3.sh` to find or install one (or set SAGESTREAM_PYTHON)';

/** For a `beforeAll`: throws when the Python tests are required but cannot run. */
export function requireBoto3(availability: ReturnType<typeof boto3Availability>): void {
  if (!availability.available) throw new Error(`SAGESTREAM_REQUIRE_E2E=1 but ${availability.reason}: ${HOW_TO}.`);
}

/** Whether python3 with boto3 >= 1.28 is here; otherwise the reason, for the skipped test's title. */
export function boto3Availability(): { available: true; version: string } | { available: false; reason: string } {
  let version: string;
  try {
    version = execFileSync(PYTHON, ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return { available: false, reason: `${PYTHON} with boto3 is not installed` };
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_BOTO3[0]! || (major === MIN_BOTO3[0] && minor < MIN_BOTO3[1]!)) {
    return { available: false, reason: `boto3 ${version} (${PYTHON}) is older than 1.28 (no AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME support)` };
  }
  return { available: true, version };
}

/** Runs a Python script with arguments and environment; resolves with its stdout. */
export function runPython(options: { script: string; args?: string[]; env?: Record<string, string> }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [options.script, ...(options.args ?? [])], { env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${PYTHON} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Runs inline Python code. */
export function runPythonCode(options: { code: string; env?: Record<string, string> }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, ['-c', options.code], { env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${PYTHON} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
