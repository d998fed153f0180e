import type { SmsSender } from '../channels/sms/sender.js';
import type { ContactDirectory } from '../contacts/contact.js';
import type { ChannelDriver } from './driver.js';
import type { Render } from './render.js';

/**
 * SMS: the recipient's number and language from the directory at send time, the short text
 * of the message in that language. The provider gets the notification id as its idempotency
 * key (never the key itself, which names the recipient reference).
 */
export function smsDriver(options: {
  sender: Pick<SmsSender, 'send' | 'close'>;
  contacts: ContactDirectory;
  render: Render;
  concurrency: number;
}): ChannelDriver {
  return {
    channel: 'SMS',
    concurrency: options.concurrency,
    async deliver(d) {
      const contact = await options.contacts.lookup(d.recipientRef);
      if (!contact?.phone)
        return { sent: false, suppressed: `no phone number under ${d.recipientRef}` };
      const message = options.render(d, contact.language);
      if (!message) return { sent: false, suppressed: `no SMS template for ${d.kind}` };
      const { providerMessageId } = await options.sender.send({
        idempotencyKey: d.notificationId,
        to: contact.phone,
        body: message.sms,
      });
      return { sent: true, providerMessageId };
    },
    close: () => options.sender.close(),
  };
}
