import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageBuild } from '../../tsdown.base.ts';

interface ManifestSpec {
  id: string;
  file: string;
  url: string;
  sha256: string;
}

// What `--mock` needs to fetch and verify a document when it runs outside the workspace: each document's
// official URL and canonical hash, taken from specs/manifest.json when the CLI is built (turbo.json lists
// the manifest as an input of the build). Only where the documents are and what they hash to; none of
// Zoom's text.
const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../specs/manifest.json'), 'utf8')) as {
  specs: ManifestSpec[];
};
const specs = manifest.specs.map(({ id, file, url, sha256 }) => ({ id, file, url, sha256 }));

const define = {
  __ZOOM_API_SPECS__: JSON.stringify(specs),
};

// ./mock (the Prism launcher) runs on Node only and finds Prism with createRequire(import.meta.url),
// which the CommonJS build needs shimmed.
export default packageBuild(import.meta.dirname, { platform: 'node', shims: true }).map((config) => ({
  ...config,
  define: { ...config.define, ...define },
}));
