// The products the command knows, and how to load each one's operations table, functions and
// client factory. Packages are imported on demand so `zoom-api videosdk …` never loads Accounts.
// The list itself is generated/product-table.gen.ts, generated from specs/manifest.json by the build.
import type { Client, OperationInfo, ZoomClientOptions } from '@zoom-api/core';
import { PRODUCT_ROWS } from './generated/product-table.gen.js';

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

type PackageModule = Record<string, unknown>;

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

/** One product as the registry (specs/manifest.json) describes it; generated/product-table.gen.ts lists them. */
export interface ProductRow {
  readonly name: string;
  readonly title: string;
  readonly packageName: string;
  /** The package's client factory export. */
  readonly factory: string;
  /** The package's root entry point: every operation, the factory. */
  load(): Promise<Record<string, unknown>>;
  /** One per document, with the entry point that holds only that document's operations. */
  readonly entries: readonly { readonly spec: string; load(): Promise<Record<string, unknown>> }[];
}

function operationsOf(module: Record<string, unknown>, packageName: string): readonly OperationInfo[] {
  const { operations } = module;
  if (!Array.isArray(operations)) throw new Error(`${packageName} exports no operations table; rebuild it.`);
  return operations as readonly OperationInfo[];
}

function fromRow(row: ProductRow): Product {
  return {
    name: row.name,
    title: row.title,
    packageName: row.packageName,
    async load() {
      const root = await row.load();
      const operations = operationsOf(root, row.packageName);
      const createClient = root[row.factory];
      if (typeof createClient !== 'function')
        throw new Error(`${row.packageName} exports no ${row.factory}; rebuild it.`);
      // With several documents, each one's own entry point says which operations came from it.
      const specOf = new Map<string, string>();
      if (row.entries.length > 1) {
        const modules = await Promise.all(row.entries.map((entry) => entry.load()));
        row.entries.forEach((entry, i) => {
          for (const op of operationsOf(modules[i] ?? {}, row.packageName)) specOf.set(op.name, entry.spec);
        });
      }
      const [first] = row.entries;
      return {
        operations,
        operationFunction: functionsOf(root as PackageModule, row.packageName),
        createClient: createClient as (options: ZoomClientOptions) => Client,
        specIdFor: (name) => specOf.get(name) ?? first?.spec ?? '',
      };
    },
  };
}

export const PRODUCTS: readonly Product[] = PRODUCT_ROWS.map(fromRow);

export function findProduct(name: string): Product | undefined {
  return PRODUCTS.find((product) => product.name === name);
}
