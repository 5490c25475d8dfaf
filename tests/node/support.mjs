// Shared by the client-compatibility suites: real processes (switchyard, mock-backend) on
// ephemeral loopback ports, stopped when the test file ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const switchyardBinary = process.env.SWITCHYARD_BINARY;
export const mockBackendBinary = join(process.env.SWITCHYARD_TEST_SUPPORT_DIR ?? '', 'mock-backend');
const children = [];

// Starts a process and resolves with the number in the first stdout line matching `pattern`.
export function startProcess(binary, args, pattern, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => reject(new Error(`${binary} exited with ${code}: ${stderr}`)));
    // Only a guard against hangs, for a machine loaded by sanitizers and parallel tests.
    const timer = setTimeout(() => reject(new Error(`${binary} did not start: ${stderr}`)), 60000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = line.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}

export function startMockBackend(args = []) {
  return startProcess(mockBackendBinary, ['--port', '0', ...args], /^LISTENING (\d+)/);
}

// Writes `yaml` to a temp config and starts `switchyard --headless` on it; resolves with its port.
export function startSwitchyard(yaml, env = process.env) {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, yaml);
  return startProcess(switchyardBinary, ['--headless', '--config', config],
    /listening on http:\/\/[^ ]+:(\d+)\/v1/, { ...env, SWITCHYARD_DATA_DIR: join(dir, 'data') });
}

export async function mockStats(port) {
  const response = await fetch(`http://127.0.0.1:${port}/mock/stats`);
  return response.json();
}

export function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
