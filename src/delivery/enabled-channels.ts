/** The chat channels this deployment delivers on: web always, Telegram and Zalo when configured. */
import type { Config } from '../config.js';
import type { ChannelName } from '../conversation/types.js';

export function enabledChannelsOf(config: Pick<Config, 'telegram' | 'zalo'>): Set<ChannelName> {
  const enabled = new Set<ChannelName>(['web']);
  if (config.telegram) enabled.add('telegram');
  if (config.zalo) enabled.add('zalo');
  return enabled;
}
