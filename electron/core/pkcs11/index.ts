/**
 * Smart cards and tokens over PKCS#11 (issue 5): the API the wizard, the CLI and the stores call.
 */
export type { GeneratedTokenKey, PinInfo, TokenInfo, TokenRef, TokenTarget } from './types';
export { findModules, defaultModule, moduleCandidates } from './modules';
export { loadModule, finalizeAll, resolveModulePath } from './library';
export { listTokens, findToken, keyAlgorithmsFromMechanisms, watchTokens } from './tokens';
export { mapPkcs11Error, pinStatus } from './errors';
export { openUserSession, withTokenSession, checkPinShape } from './session';
export { generateKeyOnToken, type GenerateOnTokenOptions, type KeygenPhase } from './keygen';
export { getTokenCrypto, withTokenCrypto, type TokenCrypto } from './crypto';
export { writeCertificateToToken, type WriteCertificateOptions, type WriteCertificateResult } from './certificate';
export { importKeyToToken, type ImportToTokenOptions, type ImportToTokenResult } from './import';
export { deleteTokenObjects, describeTokenObjects, tokenHasKey } from './objects';
export type { TokenSession } from './session';
export {
  listTokensAsync,
  checkModuleAsync,
  findTokenAsync,
  tokenHasKeyAsync,
  writeCertificateToTokenAsync,
  importKeyToTokenAsync,
  deleteTokenObjectsAsync,
  describeTokenObjectsAsync,
  stopTokenWorkers,
  setTokenWorkerOptions,
  tokenWorkerStates,
} from './offthread';
export { benchTokenKeygen, type TokenBenchOptions, type TokenBenchResult } from './bench';
