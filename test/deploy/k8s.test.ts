// The Kubernetes manifests in monitors/k8s/, checked without a cluster (there is none here, and no
// schema validator such as kubeconform: it would download its schemas). Each manifest is parsed and
// checked against the things it must agree with: the kinds and API versions, the CLI (every flag of
// `monitor --help`, every setting name), the container port and `--listen`, the probes and /healthz,
// credentials only from a Secret, the Service's name and the alert rules' job, the resources and
// BENCHMARKS.md P5, and the PrometheusRule against the committed alert rules it is generated from.
// The CronJob's command line is also run, against the embedded sandbox and a stub Pushgateway.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { renderPrometheusRule, OUTPUT_FILE, RULES_FILE, RULES_FILES } from '../../scripts/gen-prometheusrule.ts';
import { flagsIn, flagsOf, ROOT, SECRET_SETTINGS, SETTING_NAMES } from './support/cli-vocabulary.ts';

// The parts of the manifests these tests read. The YAML is untyped: it is read as this shape and the
// assertions check it (a field that is missing fails its test).
type Labels = Record<string, string>;
interface KeyRef {
  name: string;
  key: string;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
}
interface Probe {
  httpGet: { path: string; port: number | string };
}
interface Container {
  image: string;
  command: string[];
  args: string[];
  env: EnvVar[];
  envFrom?: unknown;
  volumeMounts: Array<{ name: string; mountPath: string }>;
  securityContext: { allowPrivilegeEscalation?: boolean };
  ports: [ContainerPort, ...ContainerPort[]];
  livenessProbe: Probe;
  readinessProbe: Probe;
  resources: { requests: { memory: string; cpu: string }; limits: { memory: string } };
}
interface PodSpec {
  containers: [Container, ...Container[]];
  volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
}
interface Manifest {
  kind: string;
  apiVersion: string;
  metadata?: { name?: string; labels?: Labels };
}
interface Named extends Manifest {
  metadata: { name: string; labels: Labels };
}
interface Kinds {
  Kustomization: Manifest & { resources: string[]; images?: Array<{ name: string }> };
  ConfigMap: Named & { data: Record<string, string> };
  PersistentVolumeClaim: Named;
  Deployment: Named & {
    spec: { replicas: number; strategy: { type: string }; template: { metadata: { labels: Labels }; spec: PodSpec } };
  };
  Service: Named & { spec: { selector: Labels; ports: [{ name: string; targetPort: number | string }] } };
  ServiceMonitor: Named & {
    spec: { jobLabel?: string; selector: { matchLabels: Labels }; endpoints: [{ port: string; path: string }, ...Array<{ port: string; path: string }>] };
  };
  PrometheusRule: Named & { spec: { groups: unknown[] } };
  CronJob: Named & { spec: { concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: PodSpec } } } } };
}

const DIR = `${ROOT}monitors/k8s`;
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const manifests: { file: string; doc: Manifest }[] = files.flatMap((file) => {
  const docs = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  return docs.map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return { file, doc: d.toJS() as Manifest };
  });
});
const ofKind = (kind: string): Manifest[] => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const one = <K extends keyof Kinds>(kind: K): Kinds[K] => {
  const found = ofKind(kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in monitors/k8s, found ${found.length}`);
  return found[0] as Kinds[K];
};

const API_VERSIONS: Record<string, string> = {
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
  ConfigMap: 'v1',
  PersistentVolumeClaim: 'v1',
  Deployment: 'apps/v1',
  Service: 'v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
  PrometheusRule: 'monitoring.coreos.com/v1',
  CronJob: 'batch/v1',
};

const deployment = one('Deployment');
const cronJob = one('CronJob');
const podSpecs = { Deployment: deployment.spec.template.spec, CronJob: cronJob.spec.jobTemplate.spec.template.spec };
const monitorFlags = flagsOf('monitor');

/** The value after a flag in an argument list (`--flag value`). */
function argOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A quantity such as 128Mi or 500m as bytes or cores. */
function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G|m)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity: ${q}`);
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9, m: 1e-3 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

const scratch = mkdtempSync(join(tmpdir(), 'lsq-deploy-k8s-'));
let stub: Server | null = null;
afterAll(async () => {
  await new Promise((r) => (stub ? stub.close(r) : r(null)));
  rmSync(scratch, { recursive: true, force: true });
});

test('every manifest parses, one object per file, of a known kind at its API version, with a name', () => {
  expect(manifests.map((m) => m.file)).toEqual(files);
  for (const { file, doc } of manifests) {
    expect(Object.keys(API_VERSIONS), `${file}: kind`).toContain(doc.kind);
    expect(doc.apiVersion, file).toBe(API_VERSIONS[doc.kind]);
    if (doc.kind !== 'Kustomization') expect(doc.metadata?.name, file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  }
  for (const kind of Object.keys(API_VERSIONS)) expect(ofKind(kind).length, kind).toBe(1);
});

test('the kustomization lists every manifest of the Deployment variant, and not the CronJob', () => {
  const resources = one('Kustomization').resources;
  expect(resources.sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml' && f !== 'cronjob.yaml').sort());
  const images = one('Kustomization').images ?? [];
  expect(images.map((i) => i.name)).toContain(podSpecs.Deployment.containers[0].image);
});

test.each(Object.entries(podSpecs))('the %s runs `lsq-harness monitor` with flags `monitor --help` lists', (_kind, spec) => {
  expect(spec.containers).toHaveLength(1);
  const c = spec.containers[0];
  expect(c.command).toEqual(['lsq-harness', 'monitor']);
  const used = flagsIn((c.args as string[]).join(' '));
  expect(used.size).toBeGreaterThan(0);
  for (const flag of used) expect(monitorFlags, flag).toContain(flag);
});

test.each(Object.entries(podSpecs))(
  'the %s reads only settings the CLI documents, credentials from the Secret, the target from the ConfigMap',
  (_kind, spec) => {
    const env = spec.containers[0].env;
    const configMap = one('ConfigMap');
    for (const e of env) {
      expect(SETTING_NAMES, e.name).toContain(e.name);
      expect(e.value, `${e.name} has a literal value`).toBeUndefined();
      if ((SECRET_SETTINGS as readonly string[]).includes(e.name)) {
        expect(e.valueFrom?.secretKeyRef?.name, e.name).toBe('lsq-credentials');
      } else {
        expect(e.valueFrom?.configMapKeyRef?.name, e.name).toBe(configMap.metadata.name);
        expect(Object.keys(configMap.data), e.name).toContain(e.valueFrom!.configMapKeyRef!.key);
      }
    }
    const names = env.map((e) => e.name);
    for (const name of [...SECRET_SETTINGS, 'LSQ_ASYNC_HOST', 'LSQ_CANARY_OPPORTUNITY_ID']) expect(names).toContain(name);
    expect(spec.containers[0].envFrom, 'envFrom would bring in names unchecked').toBeUndefined();
  },
);

test('the ConfigMap holds no credential', () => {
  for (const key of Object.keys(one('ConfigMap').data)) expect(SECRET_SETTINGS as readonly string[]).not.toContain(key);
  for (const key of Object.keys(one('ConfigMap').data)) expect(SETTING_NAMES, key).toContain(key);
});

test.each(Object.entries(podSpecs))('the %s keeps its ledger (--ledger) on the PersistentVolumeClaim', (_kind, spec) => {
  const c = spec.containers[0];
  const ledger = argOf(c.args, '--ledger');
  expect(ledger).toBeDefined();
  const mount = c.volumeMounts.find((m) => m.mountPath === dirname(ledger!));
  expect(mount, `a volume mounted at ${dirname(ledger!)}`).toBeDefined();
  const volume = spec.volumes.find((v) => v.name === mount!.name);
  expect(volume?.persistentVolumeClaim?.claimName).toBe(one('PersistentVolumeClaim').metadata.name);
});

test.each(Object.entries(podSpecs))('the %s runs as a non-root user', (_kind, spec) => {
  expect(spec.securityContext.runAsNonRoot).toBe(true);
  expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
  expect(spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
});

test("the Deployment's container port is the port of --listen, on all interfaces so probes and scrapes reach it", () => {
  const c = podSpecs.Deployment.containers[0];
  const listen = argOf(c.args, '--listen');
  expect(listen).toBe(`0.0.0.0:${c.ports[0].containerPort}`);
  expect(c.ports).toHaveLength(1);
});

test("the Deployment's liveness and readiness probes GET /healthz on the --listen port", () => {
  const c = podSpecs.Deployment.containers[0];
  const port = Number(argOf(c.args, '--listen')!.split(':').pop());
  for (const probe of [c.livenessProbe, c.readinessProbe]) {
    expect(probe.httpGet.path).toBe('/healthz');
    const p = probe.httpGet.port;
    const resolved = typeof p === 'number' ? p : c.ports.find((x) => x.name === p)?.containerPort;
    expect(resolved).toBe(port);
  }
});

test('the Deployment runs one monitor, replaced with Recreate (one monitor per ledger)', () => {
  expect(deployment.spec.replicas).toBe(1);
  expect(deployment.spec.strategy.type).toBe('Recreate');
  // Longer than the monitor's --grace (default 10 s), so in-flight canaries can settle on SIGTERM.
  expect(podSpecs.Deployment.terminationGracePeriodSeconds).toBeGreaterThan(10);
});

test("the Deployment's memory request covers the RSS peak BENCHMARKS.md P5 measured, and its limit leaves room above it", () => {
  const p5 = readFileSync(`${ROOT}BENCHMARKS.md`, 'utf8');
  const peak = /RSS high-water mark[^|]*\|\s*([\d.]+) MB/.exec(p5);
  expect(peak, 'P5 high-water mark row in BENCHMARKS.md').not.toBeNull();
  const peakBytes = Number(peak![1]) * 1024 ** 2; // read as MiB, the larger reading of "MB"
  const r = podSpecs.Deployment.containers[0].resources;
  expect(quantity(r.requests.memory)).toBeGreaterThanOrEqual(peakBytes);
  expect(quantity(r.limits.memory)).toBeGreaterThanOrEqual(quantity(r.requests.memory) * 1.25);
  expect(quantity(r.requests.cpu)).toBeGreaterThan(0);
});

test("the Service selects the monitor's pods and sends its port to the container's metrics port", () => {
  const service = one('Service');
  const labels = deployment.spec.template.metadata.labels;
  for (const [k, v] of Object.entries(service.spec.selector)) expect(labels[k], k).toBe(v);
  const c = podSpecs.Deployment.containers[0];
  const target = service.spec.ports[0].targetPort;
  const resolved = typeof target === 'number' ? target : c.ports.find((x) => x.name === target)?.containerPort;
  expect(resolved).toBe(c.ports[0].containerPort);
});

test('the Service is named after the job the alert rules expect (prometheus-operator takes the job label from it)', () => {
  const rules = readFileSync(`${ROOT}${RULES_FILE}`, 'utf8');
  const jobs = new Set([...rules.matchAll(/\bjob="([^"]+)"/g)].map((m) => m[1]));
  expect(jobs.size).toBeGreaterThan(0);
  expect([...jobs]).toEqual([one('Service').metadata.name]);
  expect(one('ServiceMonitor').spec.jobLabel).toBeUndefined();
});

test("the ServiceMonitor scrapes /metrics on the Service's port of the Service it selects", () => {
  const sm = one('ServiceMonitor');
  const service = one('Service');
  for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(service.metadata.labels[k], k).toBe(v);
  expect(sm.spec.endpoints).toHaveLength(1);
  expect(sm.spec.endpoints[0].port).toBe(service.spec.ports[0].name);
  expect(sm.spec.endpoints[0].path).toBe('/metrics');
});

test('the CronJob runs one cycle (--once), pushes (--pushgateway) and never overlaps (Forbid)', () => {
  const args = podSpecs.CronJob.containers[0].args as string[];
  expect(args).toContain('--once');
  expect(argOf(args, '--pushgateway')).toMatch(/^https?:\/\//);
  expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
  expect(podSpecs.CronJob.restartPolicy).toBe('Never');
});

test('the committed PrometheusRule is what the generator makes of the committed alert and SLO rules', () => {
  const committed = readFileSync(`${ROOT}${OUTPUT_FILE}`, 'utf8');
  expect(committed).toBe(renderPrometheusRule(RULES_FILES.map((f) => readFileSync(`${ROOT}${f}`, 'utf8'))));
});

test("the PrometheusRule's groups are the alert rules file's, then the SLO rules file's (a cluster gets the burn-rate pages too)", () => {
  const [alerts, slo] = RULES_FILES.map((f) => parse(readFileSync(`${ROOT}${f}`, 'utf8')) as { groups: unknown[] });
  expect(one('PrometheusRule').spec.groups).toEqual([...alerts!.groups, ...slo!.groups]);
  expect(alerts!.groups.length).toBeGreaterThan(0);
  expect(slo!.groups.length).toBeGreaterThan(0);
});

test("the CronJob's command line runs: one canary against the embedded sandbox, pushed, exit 0", async () => {
  const pushes: string[] = [];
  stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pushes.push(`${req.method} ${req.url}`);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => stub!.listen(0, '127.0.0.1', () => r()));
  const port = (stub.address() as { port: number }).port;
  // Only what cannot run here changes: the Pushgateway's address, the ledger's folder, a free port.
  const args = [...(podSpecs.CronJob.containers[0].args as string[])];
  args[args.indexOf('--pushgateway') + 1] = `http://127.0.0.1:${port}`;
  args[args.indexOf('--ledger') + 1] = join(scratch, 'canary-ledger.json');
  args[args.indexOf('--listen') + 1] = '127.0.0.1:0';
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LSQ_')));
  const child = spawn(process.execPath, [`${ROOT}bin/lsq-harness.js`, 'monitor', ...args], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(code, output).toBe(0);
  expect(output).toMatch(/canary success/);
  expect(
    pushes.some((p) => p.includes('/metrics/job/lsq_canary')),
    pushes.join(', '),
  ).toBe(true);
});
