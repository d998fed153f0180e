import type { SmsSender } from '../channels/sms/sender.js';
import type { ContactDirectory } from '../contacts/contact.js';
import type { ChannelDriver } from './driver.js';
import type { Render } from './render.js';

/**
 * SMS: the recipient's number and language from the directory at send time, the short text
 * of the message in that language. The provider gets the notification id as its idempotency
 * key (never the key itself, which names the recipient reference); as Twilio ignores it, a
 * resumed send is first looked up in Twilio's message list.
 */
export function smsDriver(options: {
  sender: Pick<SmsSender, 'send' | 'findSent' | 'close'>;
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
      // An earlier attempt may have gone though its answer never came (a crash cut it short,
      // or it timed out after Twilio took it): Twilio takes no idempotency key, so ask it
      // first (the same number, the same text, since the delivery was planned).
      if (d.resumes > 0 || d.attempts > 1) {
        const sid = await options.sender.findSent({
          to: contact.phone,
          body: message.sms,
          since: d.createdAt,
        });
        if (sid !== null) return { sent: true, providerMessageId: sid };
      }
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
