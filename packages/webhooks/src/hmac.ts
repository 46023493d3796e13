// HMAC-SHA256 through Web Crypto, so the package runs on Node, Deno, Bun and edge runtimes alike.

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) {
    throw new Error('@zoom-api/webhooks needs Web Crypto (globalThis.crypto.subtle); use Node 20.19 or later.');
  }
  return crypto.subtle;
}

/** An HMAC-SHA256 key for signing and verifying; importing once per secret saves work per request. */
export function importHmacKey(secretToken: string): Promise<CryptoKey> {
  return subtle().importKey('raw', encoder.encode(secretToken), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export function toBytes(data: string | Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return encoder.encode(data);
  // A Uint8Array is copied into a fresh ArrayBuffer: Web Crypto rejects views over SharedArrayBuffer.
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}

export async function hmacHex(key: CryptoKey, data: string | Uint8Array): Promise<string> {
  const mac = new Uint8Array(await subtle().sign('HMAC', key, toBytes(data)));
  let hex = '';
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Constant-time check of a MAC; `subtle.verify` compares without leaking where the bytes differ. */
export function hmacVerify(
  key: CryptoKey,
  mac: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  return subtle().verify('HMAC', key, mac, data);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
