// The products the command knows, and how to load each one's operations table, functions and
// client factory. Packages are imported on demand so `zoom-api videosdk …` never loads Accounts.
import type { Client, OperationInfo, ZoomClientOptions } from '@zoom-api/core';

/** What every generated operation function accepts and returns (the typed signatures, widened). */
export type OperationFunction = (options: Record<string, unknown>) => Promise<{ data: unknown; response: Response }>;

export interface LoadedProduct {
  readonly operations: readonly OperationInfo[];
  operationFunction(name: string): OperationFunction;
  createClient(options: ZoomClientOptions): Client;
  /** The specs/manifest.json id of the document an operation comes from (what --mock serves). */
  specIdFor(operationName: string): string;
}

export interface Product {
  readonly name: string;
  readonly title: string;
  /** The package that implements it, for messages. */
  readonly packageName: string;
  load(): Promise<LoadedProduct>;
}

type PackageModule = Record<string, unknown> & { operations: readonly OperationInfo[] };

function functionsOf(module: PackageModule, packageName: string): (name: string) => OperationFunction {
  return (name) => {
    const fn = module[name];
    if (typeof fn !== 'function') {
      // The operations table and the functions are generated together; this means a stale build.
      throw new Error(`${packageName} lists ${name} in its operations table but exports no such function; rebuild it.`);
    }
    return fn as OperationFunction;
  };
}

function singleDocument(
  module: PackageModule,
  packageName: string,
  specId: string,
  createClient: (options: ZoomClientOptions) => Client,
): LoadedProduct {
  return {
    operations: module.operations,
    operationFunction: functionsOf(module, packageName),
    createClient,
    specIdFor: () => specId,
  };
}

export const PRODUCTS: readonly Product[] = [
  {
    name: 'videosdk',
    title: 'Video SDK API',
    packageName: '@zoom-api/videosdk',
    async load() {
      const module = await import('@zoom-api/videosdk');
      return singleDocument(module, this.packageName, 'videosdk', module.createVideoSdkClient);
    },
  },
  {
    name: 'accounts',
    title: 'Accounts API',
    packageName: '@zoom-api/accounts',
    async load() {
      const module = await import('@zoom-api/accounts');
      return singleDocument(module, this.packageName, 'accounts', module.createAccountsClient);
    },
  },
  {
    name: 'cobrowse',
    title: 'Cobrowse SDK API',
    packageName: '@zoom-api/cobrowse',
    async load() {
      const module = await import('@zoom-api/cobrowse');
      return singleDocument(module, this.packageName, 'cobrowse', module.createCobrowseClient);
    },
  },
  {
    name: 'master-account',
    title: 'Master account APIs (Video SDK and Accounts of sub accounts)',
    packageName: '@zoom-api/master-account',
    async load() {
      // The root entry holds both documents' operations; the ./videosdk table says which came from where.
      const [root, videosdk] = await Promise.all([
        import('@zoom-api/master-account'),
        import('@zoom-api/master-account/videosdk'),
      ]);
      const fromVideoSdk = new Set(videosdk.operations.map((op) => op.name));
      return {
        operations: root.operations,
        operationFunction: functionsOf(root as PackageModule, this.packageName),
        createClient: root.createMasterAccountClient,
        specIdFor: (name) => (fromVideoSdk.has(name) ? 'videosdk-ma' : 'accounts-ma'),
      };
    },
  },
];

export function findProduct(name: string): Product | undefined {
  return PRODUCTS.find((product) => product.name === name);
}
