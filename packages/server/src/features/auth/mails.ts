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

/** A register call for an address that has an account: tell its owner, not the caller. */
export function registerAttemptMail(to: string, name: string, loginLink: string, resetLink: string): Mail {
  return {
    to,
    subject: 'Someone tried to create a tipchat account with your address',
    text: `Hi ${name},\n\nSomeone (maybe you) tried to create a new tipchat account with this email address, which already has one.\n\nSign in:\n\n${loginLink}\n\nForgot your password? Reset it here:\n\n${resetLink}\n\nIf it was not you, ignore this mail: nothing has changed.\n`,
  };
}
