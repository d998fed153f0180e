import type { EmailSender } from '../channels/email/smtp.js';
import type { ContactDirectory } from '../contacts/contact.js';
import type { ChannelDriver } from './driver.js';
import type { Render } from './render.js';

/**
 * E-mail: the recipient's address and language from the directory at send time (never kept),
 * the message rendered in that language, sent through the given sender (SMTP or mock).
 */
export function emailDriver(options: {
  sender: EmailSender;
  contacts: ContactDirectory;
  render: Render;
  concurrency: number;
}): ChannelDriver {
  return {
    channel: 'EMAIL',
    concurrency: options.concurrency,
    async deliver(d) {
      const contact = await options.contacts.lookup(d.recipientRef);
      if (!contact?.email)
        return { sent: false, suppressed: `no e-mail address under ${d.recipientRef}` };
      const message = options.render(d, contact.language);
      if (!message) return { sent: false, suppressed: `no e-mail template for ${d.kind}` };
      const { providerMessageId } = await options.sender.send({
        idempotencyKey: d.idempotencyKey,
        notificationId: d.notificationId,
        to: contact.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        language: message.language,
      });
      return { sent: true, providerMessageId };
    },
    close: () => options.sender.close(),
  };
}
