/**
 * Windows certificate stores: CurrentUser / LocalMachine × My (Personal), CA (Intermediate
 * Certification Authorities, also where CRLs/ARLs go), Root (Trusted Root).
 *
 * Each operation is ONE `powershell.exe` run of a fixed script (passed as -EncodedCommand, so no
 * quoting can go wrong) that reads its parameters as JSON on stdin (the PFX password too: never
 * on the command line) and prints JSON. The scripts use .NET's X509Store, which is CryptoAPI
 * underneath, because it offers what the guides' import wizard offers: "Mark this key as
 * exportable" (X509KeyStorageFlags.Exportable) and "Enable strong private key protection"
 * (UserProtected = CRYPT_USER_PROTECTED, the "High" level of guide 000). CRLs have no .NET API,
 * so that script calls `certutil [-user] -addstore CA FILE` (guide 001 "Installing ARL" does the
 * same through the MMC). A batch is all-or-nothing: the script removes what it added if a later
 * item fails. LocalMachine needs elevation; "Access is denied" becomes a message saying what to do.
 * Not run on Windows here: unit-tested on the exact command lines and recorded outputs.
 */
import { CertwizError } from '../../../shared/errors';
import { certFacts, crlFacts, storeCertificate } from './classify';
import { runTool, type RunOptions, type ToolResult } from './exec';
import { parseCertutilStore, parseJsonList, windowsError, type WinCertJson } from './windows-parse';
import type { CertImportOptions, CertStore, LogicalStore, PfxImportOptions, Placed, StoreCertificate, StoreCrl } from './types';

export type Runner = (cmd: string, args: string[], options?: RunOptions) => Promise<ToolResult>;
export type WindowsLocation = 'CurrentUser' | 'LocalMachine';

export const WINDOWS_STORE_NAMES: Record<LogicalStore, 'My' | 'CA' | 'Root'> = { personal: 'My', intermediate: 'CA', root: 'Root' };
const LOGICAL: Record<string, LogicalStore> = { My: 'personal', CA: 'intermediate', Root: 'root' };

/** Innermost exception → `ERROR:0x<hresult>:<message>` on stderr, exit 1. */
const PRELUDE = `$ErrorActionPreference = 'Stop'
trap { $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }; [Console]::Error.WriteLine(('ERROR:0x{0:x8}:{1}' -f $e.HResult, $e.Message)); exit 1 }
$req = [Console]::In.ReadToEnd() | ConvertFrom-Json
function Open-Store($name, $mode) { $s = New-Object System.Security.Cryptography.X509Certificates.X509Store($name, $req.location); $s.Open($mode); return $s }
function Remove-Added($added) { foreach ($a in $added) { $s = Open-Store $a[0] 'ReadWrite'; foreach ($x in @($s.Certificates.Find('FindByThumbprint', $a[1], $false))) { $s.Remove($x) }; $s.Close() } }
`;

export const LIST_SCRIPT = `${PRELUDE}$out = @()
foreach ($name in $req.stores) {
  $s = Open-Store $name 'ReadOnly, OpenExistingOnly'
  foreach ($c in $s.Certificates) {
    $out += [pscustomobject]@{ Store = $name; Thumbprint = $c.Thumbprint; Subject = $c.Subject; Issuer = $c.Issuer; SerialNumber = $c.SerialNumber; NotBefore = $c.NotBefore.ToUniversalTime().ToString('o'); NotAfter = $c.NotAfter.ToUniversalTime().ToString('o'); HasPrivateKey = $c.HasPrivateKey; FriendlyName = $c.FriendlyName; Raw = [Convert]::ToBase64String($c.RawData) }
  }
  $s.Close()
}
ConvertTo-Json -InputObject @($out) -Compress
`;

export const IMPORT_CERTS_SCRIPT = `${PRELUDE}$added = @(); $placed = @()
try {
  foreach ($it in $req.items) {
    $c = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([Convert]::FromBase64String($it.der))
    if ($it.friendlyName) { $c.FriendlyName = $it.friendlyName }
    $s = Open-Store $it.store 'ReadWrite'
    $had = @($s.Certificates.Find('FindByThumbprint', $c.Thumbprint, $false)).Count -gt 0
    $s.Add($c); $s.Close()
    if (-not $had) { $added += ,@($it.store, $c.Thumbprint) }
    $placed += [pscustomobject]@{ Store = $it.store; Thumbprint = $c.Thumbprint; Subject = $c.Subject }
  }
} catch { Remove-Added $added; throw }
ConvertTo-Json -InputObject @($placed) -Compress
`;

export const IMPORT_PFX_SCRIPT = `${PRELUDE}$F = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]
$flags = $F::PersistKeySet
if ($req.location -eq 'LocalMachine') { $flags = $flags -bor $F::MachineKeySet } else { $flags = $flags -bor $F::UserKeySet }
if ($req.exportable) { $flags = $flags -bor $F::Exportable }
if ($req.userProtected) { $flags = $flags -bor $F::UserProtected }
$col = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
$col.Import([Convert]::FromBase64String($req.pfx), $req.password, $flags)
$req.password = $null
$added = @(); $placed = @()
try {
  foreach ($c in $col) {
    if ($c.HasPrivateKey) { $name = 'My' } elseif ($c.Subject -eq $c.Issuer) { if (-not $req.trustRoot) { continue }; $name = 'Root' } else { $name = 'CA' }
    $s = Open-Store $name 'ReadWrite'
    $had = @($s.Certificates.Find('FindByThumbprint', $c.Thumbprint, $false)).Count -gt 0
    $s.Add($c); $s.Close()
    if (-not $had) { $added += ,@($name, $c.Thumbprint) }
    $placed += [pscustomobject]@{ Store = $name; Thumbprint = $c.Thumbprint; Subject = $c.Subject }
  }
} catch { Remove-Added $added; throw }
ConvertTo-Json -InputObject @($placed) -Compress
`;

export const IMPORT_CRL_SCRIPT = `${PRELUDE}$f = [IO.Path]::GetTempFileName()
try {
  [IO.File]::WriteAllBytes($f, [Convert]::FromBase64String($req.crl))
  $a = @('-f', '-addstore'); if ($req.location -eq 'CurrentUser') { $a = @('-f', '-user', '-addstore') }
  $null = & certutil.exe @a 'CA' $f
  if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine(('ERROR:0x{0:x8}:certutil -addstore failed' -f $LASTEXITCODE)); exit 1 }
} finally { Remove-Item -LiteralPath $f -ErrorAction SilentlyContinue }
ConvertTo-Json -InputObject @([pscustomobject]@{ Store = 'CA' }) -Compress
`;

export const REMOVE_SCRIPT = `${PRELUDE}$n = 0
foreach ($name in $req.stores) {
  $s = Open-Store $name 'ReadWrite'
  foreach ($x in @($s.Certificates.Find('FindByThumbprint', $req.thumbprint, $false))) { $s.Remove($x); $n++ }
  $s.Close()
}
if ($n -eq 0) { [Console]::Error.WriteLine('ERROR:notfound:no such certificate'); exit 1 }
ConvertTo-Json -InputObject @([pscustomobject]@{ Removed = $n }) -Compress
`;

/** The exact argv of one script run. */
export function powershellArgs(script: string): string[] {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
}

/** What an unelevated user is told to run (issue 4: "ask for it, or say exactly what to do"). */
export function elevationHint(cliArgs: string[]): string {
  const quoted = cliArgs.map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, "''")}'` : a)).join(' ');
  return `Start-Process -Verb RunAs -FilePath certwiz -ArgumentList ${JSON.stringify(quoted)}`;
}

export class WindowsStore implements CertStore {
  readonly kind = 'windows' as const;
  readonly label: string;

  constructor(readonly location: WindowsLocation, private readonly run: Runner = runTool) {
    this.label = location === 'CurrentUser' ? 'the Current User certificate stores' : 'the Local Computer certificate stores';
  }

  private async ps<T>(script: string, req: Record<string, unknown>): Promise<T[]> {
    const r = await this.run('powershell.exe', powershellArgs(script), {
      input: new TextEncoder().encode(JSON.stringify({ location: this.location, ...req })),
      timeoutMs: 120_000, // strong key protection waits for the user in a Windows dialog
    });
    if (r.code !== 0) throw windowsError(r.stderr, this.label, this.location);
    return parseJsonList<T>(r.stdout);
  }

  async list(): Promise<StoreCertificate[]> {
    const rows = await this.ps<WinCertJson>(LIST_SCRIPT, { stores: ['My', 'CA', 'Root'] });
    const out: StoreCertificate[] = [];
    for (const row of rows) {
      const f = await certFacts(new Uint8Array(Buffer.from(row.Raw, 'base64')));
      const location = LOGICAL[row.Store] ?? 'personal';
      out.push(
        storeCertificate(f, {
          location,
          trust: location === 'root' ? 'trusted' : 'none',
          hasKey: row.HasPrivateKey === true,
          handle: `Cert:\\${this.location}\\${row.Store}\\${row.Thumbprint}`,
        }),
      );
    }
    return out;
  }

  /** CRLs are listed with `certutil -store` (see windows-parse); .NET has no CRL view. */
  async listCrls(): Promise<StoreCrl[]> {
    const args = this.location === 'CurrentUser' ? ['-user', '-store', 'CA'] : ['-store', 'CA'];
    const r = await this.run('certutil.exe', args);
    if (r.code !== 0) throw windowsError(r.stderr + r.stdout, this.label, this.location);
    return parseCertutilStore(r.stdout)
      .filter((e) => e.kind === 'crl')
      .map((e) => ({ issuer: e.issuer ?? '', thisUpdate: e.thisUpdate ?? '', nextUpdate: e.nextUpdate, handle: e.sha1 ?? String(e.index) }));
  }

  async importCertificates(certs: { der: Uint8Array; options: CertImportOptions }[]): Promise<Placed[]> {
    const facts = await Promise.all(certs.map((c) => certFacts(c.der)));
    const items = certs.map((c) => ({
      store: WINDOWS_STORE_NAMES[c.options.location],
      der: Buffer.from(c.der).toString('base64'),
      friendlyName: c.options.friendlyName ?? '',
    }));
    const rows = await this.ps<{ Store: string; Thumbprint: string; Subject: string }>(IMPORT_CERTS_SCRIPT, { items });
    return rows.map((r, i) => ({ sha256: facts[i].sha256, subject: facts[i].subject, location: LOGICAL[r.Store], handle: r.Thumbprint }));
  }

  async importCrl(der: Uint8Array): Promise<Placed> {
    const f = crlFacts(der);
    await this.ps(IMPORT_CRL_SCRIPT, { crl: Buffer.from(f.der).toString('base64') });
    return { sha256: '', subject: f.issuer, location: 'crl', handle: 'CA' };
  }

  async importPfx(pfx: Uint8Array, password: string, options: PfxImportOptions = {}): Promise<Placed[]> {
    if (options.securityLevel === 'high' && this.location === 'LocalMachine') {
      throw new CertwizError('INVALID_INPUT', 'Strong private key protection (High) works only in the Current User stores: Windows asks the signed-in user.');
    }
    const rows = await this.ps<{ Store: string; Thumbprint: string; Subject: string }>(IMPORT_PFX_SCRIPT, {
      pfx: Buffer.from(pfx).toString('base64'),
      password,
      exportable: options.exportable === true,
      userProtected: options.securityLevel === 'high',
      trustRoot: options.trustRoot === true,
    });
    return rows.map((r) => ({ sha256: '', subject: r.Subject, location: LOGICAL[r.Store], handle: r.Thumbprint }));
  }

  async remove(thumbprint: string): Promise<void> {
    let t = thumbprint.toLowerCase().replace(/[^0-9a-f]/g, '');
    if (t.length === 64) {
      const hit = (await this.list()).find((e) => e.sha256 === t);
      if (!hit) throw new CertwizError('NOT_FOUND', `No certificate with thumbprint ${t} is in ${this.label}.`, { thumbprint: t });
      t = hit.sha1;
    }
    await this.ps(REMOVE_SCRIPT, { thumbprint: t.toUpperCase(), stores: ['My', 'CA', 'Root'] });
  }
}
