/** The parts of a container image URI such as `763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118`. */
export interface ImageUri {
  /** The registry host, e.g. `763104351884.dkr.ecr.us-east-1.amazonaws.com`; empty for Docker Hub short names. */
  registry: string;
  /** The full repository path, e.g. `djl-inference` or `deep-learning-containers/vllm`. */
  repository: string;
  /** The last path segment of the repository, e.g. `vllm`. */
  name: string;
  /** The tag, when the URI has one. */
  tag?: string;
  /** The `sha256:…` digest, when the URI pins one. */
  digest?: string;
}

/** Parses an image URI (`registry/repository[:tag][@digest]`); never throws, odd input gives odd parts. */
export function parseImageUri(uri: string): ImageUri {
  let rest = uri.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  // A registry host has a dot or a port (or is localhost); otherwise the first segment is a namespace.
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : '';
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  return { registry, repository: path, name, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
