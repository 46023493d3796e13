// Compiled (never run) by `tsc -p tests`: the account settings answer is a union of shapes with nothing
// in common to switch on, and the generated guards are what makes a shape's own fields readable.
// Each @ts-expect-error line must stay an error.
import {
  type AccountSettings,
  createAccountsClient,
  type GetAccountSettingsResponse,
  getAccountSettings,
  isAccountSettings,
  isMeetingOrWebinarSecurityAccountSettings,
  isVideoSdkAccountSettings,
  type VideoSdkAccountSettings,
} from '@zoom-api/accounts';
import * as masterAccount from '@zoom-api/master-account';
import * as masterAccounts from '@zoom-api/master-account/accounts';

const client = createAccountsClient();

export async function regions(): Promise<string[] | undefined> {
  const { data } = await getAccountSettings({ client, path: { accountId: 'me' } });
  // @ts-expect-error only the Video SDK shape has in_session: the union does not
  data.in_session;
  if (isVideoSdkAccountSettings(data)) {
    const narrowed: VideoSdkAccountSettings = data;
    return narrowed.in_session?.data_center_regions;
  }
  // The other branch is every other shape, which still has no in_session.
  // @ts-expect-error in_session is not on the remaining shapes
  data.in_session;
  return undefined;
}

export function eachShapeHasItsOwnFields(data: GetAccountSettingsResponse) {
  if (isAccountSettings(data)) return data.schedule_meeting satisfies AccountSettings['schedule_meeting'];
  if (isMeetingOrWebinarSecurityAccountSettings(data)) return data.meeting_security?.waiting_room;
  // @ts-expect-error a guard takes this operation's answer, not anything
  isVideoSdkAccountSettings('in_session');
  return undefined;
}

// The master-account package exports the same guards at its root and on ./accounts.
export async function subAccountRegions(accountId: string) {
  const ma = masterAccount.createMasterAccountClient();
  const { data } = await masterAccount.getAccountSettings({ client: ma, path: { accountId } });
  if (masterAccount.isVideoSdkAccountSettings(data)) return data.in_session?.data_center_regions;
  const again = await masterAccounts.getAccountSettings({ client: ma, path: { accountId } });
  if (masterAccounts.isVideoSdkAccountSettings(again.data)) return again.data.in_session?.data_center_regions;
  // @ts-expect-error not narrowed
  return again.data.in_session;
}
