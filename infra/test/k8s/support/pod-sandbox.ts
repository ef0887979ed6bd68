// Runs a rendered container's shell command on this machine, as the kubelet would in the pod:
// each volume it mounts is laid out under a scratch directory (a ConfigMap's keys, a Secret's
// or projected Secrets' items as files, an emptyDir empty), and the command's paths under
// a mount are rewritten to that volume's directory. For the dev Redis' ACL init container: a
// shell script over mounted files, so its real output can be loaded into a real redis-server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretData } from './redis-logins.ts';
import type { K8sObject } from './render.ts';
import type { Container, Workload } from './workloads.ts';
import { configMapData } from './workloads.ts';

/** Writes each volume of `workload` under `scratch/<volume name>/` (once per volume). */
export function layOutVolumes(objects: readonly K8sObject[], workload: Workload, scratch: string): void {
  for (const volume of workload.pod.volumes ?? []) {
    const dir = join(scratch, volume.name);
    mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {};
    if (volume.configMap) Object.assign(files, configMapData(objects, volume.configMap.name));
    const secrets = [
      ...(volume.secret ? [{ name: volume.secret.secretName, items: volume.secret.items }] : []),
      ...(volume.projected?.sources ?? []).flatMap((source) => (source.secret ? [source.secret] : [])),
    ];
    for (const { name, items } of secrets) {
      const data = secretData(objects, name) ?? {};
      for (const item of items ?? Object.keys(data).map((key) => ({ key, path: key })))
        files[item.path] = data[item.key] ?? '';
    }
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  }
}

/** `path` inside `container` as a path under `scratch` (its volume's directory), or undefined. */
export function localPath(container: Container, scratch: string, path: string): string | undefined {
  const mount = [...(container.volumeMounts ?? [])]
    .sort((a, b) => b.mountPath.length - a.mountPath.length)
    .find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  return mount && join(scratch, mount.name, path.slice(mount.mountPath.length));
}

/** Runs `container`'s command with its mounts' paths rewritten; its volumes must be laid out. */
export function runContainerCommand(
  container: Container & { readonly command?: readonly string[] },
  scratch: string,
): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const pattern = new RegExp(
    `(${mounts.map((m) => m.mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=/|\\s|$)`,
    'g',
  );
  const [command, ...args] = (container.command ?? []).map((arg) =>
    arg.replace(pattern, (mountPath) => localPath(container, scratch, mountPath) as string),
  );
  if (command === undefined) throw new Error(`container ${container.name} has no command`);
  const { status, stdout, stderr } = spawnSync(command, args, { encoding: 'utf8' });
  return { status, stdout, stderr };
}
