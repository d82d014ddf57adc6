import { DISCOVERY_IAM_ACTIONS, discoveryFailureOf, type DiscoveredEndpoint } from '../client/discovery-client.js';
import { EXIT, write, type CliIo } from './cli-io.js';
import { discoveryFor } from './resolve-endpoint-format.js';

/** Options of `sagestream endpoints`. */
export interface EndpointsCliOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** `EndpointStatus` to list (default InService). */
  status?: string;
  nameContains?: string;
  json?: boolean;
  discoveryTimeout?: number;
}

/** One table row: an endpoint, or one of its inference components (indented). */
interface Row {
  name: string;
  status: string;
  instances: string;
  model: string;
  format: string;
  created: string;
}

function dateText(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') : '';
}

function rowsOf(endpoint: DiscoveredEndpoint): Row[] {
  const instances = endpoint.variants.map((variant) => `${variant.instanceType ?? '?'} × ${variant.instanceCount ?? '?'}`).join(', ');
  const inference = endpoint.inference;
  const rows: Row[] = [
    {
      name: endpoint.name,
      status: endpoint.status,
      instances,
      model: inference ? `${inference.modelId ?? '-'} · ${inference.familyLabel}` : endpoint.inferenceComponents.length > 0 ? `${endpoint.inferenceComponents.length} inference component(s)` : '-',
      format: inference?.format ?? '-',
      created: dateText(endpoint.creationTime),
    },
  ];
  for (const component of endpoint.inferenceComponents) {
    rows.push({
      name: `  └ ${component.name}`,
      status: component.status ?? '',
      instances: component.copies !== undefined ? `${component.copies} cop${component.copies === 1 ? 'y' : 'ies'}` : '',
      model: component.inference ? `${component.inference.modelId ?? '-'} · ${component.inference.familyLabel}` : '-',
      format: component.inference?.format ?? '-',
      created: dateText(component.creationTime),
    });
  }
  return rows;
}

/** Renders rows as an aligned text table with a header. */
export function formatEndpointTable(endpoints: readonly DiscoveredEndpoint[]): string {
  const header: Row = { name: 'NAME', status: 'STATUS', instances: 'INSTANCES', model: 'MODEL · CONTAINER', format: 'FORMAT', created: 'CREATED (UTC)' };
  const rows = [header, ...endpoints.flatMap(rowsOf)];
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...rows.map((row) => [...row[key]].length)));
  return rows.map((row) => keys.map((key, index) => (index === keys.length - 1 ? row[key] : row[key].padEnd(widths[index]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** `sagestream endpoints`: the endpoints of a profile/region with their container and detected format. */
export async function runEndpointsCommand(options: EndpointsCliOptions, io: CliIo): Promise<number> {
  const discovery = discoveryFor(options);
  try {
    const endpoints = await discovery.listEndpoints({ statusEquals: options.status ?? 'InService', ...(options.nameContains ? { nameContains: options.nameContains } : {}) });
    if (options.json) {
      await write(io.stdout, `${JSON.stringify(endpoints, null, 2)}\n`);
      return EXIT.ok;
    }
    if (endpoints.length === 0) {
      await write(io.stderr, `sagestream: no ${options.status ?? 'InService'} endpoints${options.nameContains ? ` whose name contains "${options.nameContains}"` : ''} on ${discovery.description}\n`);
      return EXIT.ok;
    }
    await write(io.stdout, formatEndpointTable(endpoints));
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fix = discoveryFailureOf(error) === 'access-denied' ? `\n  fix: grant the IAM actions ${DISCOVERY_IAM_ACTIONS.join(', ')}` : '';
    await write(io.stderr, `sagestream: cannot list endpoints on ${discovery.description}: ${message}${fix}\n`);
    return EXIT.failure;
  } finally {
    discovery.destroy();
  }
}
