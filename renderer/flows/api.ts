/**
 * The issue 6 helpdesk channels (report:get, dcv:instructions, dcv:check; core in
 * electron/core/report.ts and electron/core/dcv/), in one place for the flow pages and Get help.
 */
import { call } from '../bridge';
import type { Request, Response } from '../../shared/ipc';

export function dcvInstructions(req: Request<'dcv:instructions'>): Promise<Response<'dcv:instructions'>> {
  return call('dcv:instructions', req);
}

export function dcvCheck(req: Request<'dcv:check'>): Promise<Response<'dcv:check'>> {
  return call('dcv:check', req);
}

export function reportGet(req: Request<'report:get'>): Promise<Response<'report:get'>> {
  return call('report:get', req);
}
