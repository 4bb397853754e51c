/**
 * Calls for the issue 6 channels another helper adds to the contract (dcv:*, report:get), with
 * the shapes of shared/helpdesk.ts. Typed loosely on the channel name so this code builds before
 * and after those channels land; the request and response types still come from shared/.
 */
import { call } from '../bridge';
import type { DcvCheckResult, DcvInstruction } from '../../shared/helpdesk';

type Loose = (channel: string, req: unknown) => Promise<unknown>;
const loose = call as unknown as Loose;

export function dcvInstructions(req: { method: 'http' | 'dns' | 'email'; domains: string[]; code: string }): Promise<{ items: DcvInstruction[] }> {
  return loose('dcv:instructions', req) as Promise<{ items: DcvInstruction[] }>;
}

export function dcvCheck(req: { method: 'http' | 'dns'; domain: string; code: string }): Promise<DcvCheckResult> {
  return loose('dcv:check', req) as Promise<DcvCheckResult>;
}

export function reportGet(req: { flow?: string; step?: string }): Promise<{ text: string }> {
  return loose('report:get', req) as Promise<{ text: string }>;
}
