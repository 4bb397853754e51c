/** The common name of an RFC 4514 subject (what people say on the phone), else the whole string. */
export function nameOf(rfc4514: string): string {
  const m = /(?:^|,)\s*CN=((?:\\.|[^,\\])*)/.exec(rfc4514);
  return m ? m[1].replace(/\\(.)/g, '$1') : rfc4514;
}

/** A file name's extension, lower case, without the dot. */
export function extOf(name: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

/** Java keytool reads PBES2 passwords as ASCII only (PFX helper's finding). */
export function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}
