// A wasm module's functions as V8 numbers them (imports first): each one's
// body size and, when the module has a name section, its name.
import { readFileSync } from 'node:fs';

export function wasmFunctions(path) {
  const bytes = readFileSync(path);
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const skipName = () => { const length = leb(); at += length; };
  const skipLimits = () => { const flags = leb(); leb(); if (flags & 1) leb(); };
  const sizes = new Map();
  const names = new Map();
  let imports = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    const length = leb();
    const end = at + length;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        skipName();
        skipName();
        const kind = bytes[at++];
        if (kind === 0) { leb(); imports++; } // function: its type index
        else if (kind === 1) { at++; skipLimits(); } // table: reference type, limits
        else if (kind === 2) skipLimits(); // memory
        else if (kind === 3) at += 2; // global: value type, mutability
        else if (kind === 4) { at++; leb(); } // tag
      }
    } else if (id === 10) {
      for (let n = leb(), i = 0; i < n; i++) {
        const size = leb();
        sizes.set(imports + i, size);
        at += size;
      }
    } else if (id === 0) {
      const nameLength = leb();
      const section = bytes.subarray(at, at + nameLength).toString();
      at += nameLength;
      while (section === 'name' && at < end) {
        const subsection = bytes[at++];
        const subEnd = leb() + at;
        if (subsection === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const size = leb();
            names.set(index, bytes.subarray(at, at + size).toString());
            at += size;
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  return { sizes, names };
}
