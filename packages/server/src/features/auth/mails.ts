import type { Mail } from '../../mail/mailer';

export function verificationMail(to: string, name: string, link: string): Mail {
  return {
    to,
    subject: 'Confirm your email for tipchat',
    text: `Hi ${name},\n\nConfirm your email address to start taking tips:\n\n${link}\n\nThe link works for 24 hours. If you did not sign up, ignore this mail.\n`,
  };
}

export function resetPasswordMail(to: string, name: string, link: string): Mail {
  return {
    to,
    subject: 'Reset your tipchat password',
    text: `Hi ${name},\n\nSomeone (hopefully you) asked to reset your tipchat password. Choose a new one here:\n\n${link}\n\nThe link works for 1 hour and only once. If it was not you, ignore this mail: your password has not changed.\n`,
  };
}
