import { describe, expect, it } from 'vitest';
import { isSecretName, redactArgv, redactReplacer, redactText, secretParamNames } from './redact.js';

describe('redaction of secret-like parameters', () => {
  it('names: password, passwd, secret, key, token as a word of the name; not inside other words', () => {
    for (const n of ['passwd', 'password', 'ipmi_password', 'secret', 'secret_key', 'access-key', 'key', 'api.token', 'snmp_community', 'passwd_script'])
      expect(isSecretName(n), n).toBe(true);
    for (const n of ['keyboard', 'monkey', 'ipaddr', 'login', 'target-role', 'pcmk_host_list', 'hostkeys']) expect(isSecretName(n), n).toBe(false);
    expect(isSecretName('pw', new Set(['pw']))).toBe(true);
  });

  it('CIB nvpairs of a fence device, in any attribute order and quoting', () => {
    const cib = `<primitive id="fence-n1" class="stonith" type="fence_ipmilan"><instance_attributes id="ia">
      <nvpair id="ia-ip" name="ip" value="10.0.0.1"/>
      <nvpair id="ia-pw" name="password" value="hunter2"/>
      <nvpair value='s3cr3t' name='passwd' id='ia-pw2'/>
      <nvpair id="ia-u" name="username" value="admin"/></instance_attributes></primitive>`;
    const r = redactText(cib);
    expect(r).not.toMatch(/hunter2|s3cr3t/);
    expect(r).toContain('name="password" value="***"');
    expect(r).toContain("value='***' name='passwd'");
    expect(r).toContain('name="ip" value="10.0.0.1"');
    expect(r).toContain('name="username" value="admin"');
  });

  it('name=value, JSON, and --option forms in command output and logs', () => {
    expect(redactText('fence_ipmilan: ipaddr=10.0.0.1 login=admin passwd=hunter2 lanplus=1')).toBe('fence_ipmilan: ipaddr=10.0.0.1 login=admin passwd=*** lanplus=1');
    expect(redactText('{"password": "hunter2", "user": "a"}')).toBe('{"password": "***", "user": "a"}');
    expect(redactText("stderr: [ fence_ipmilan --username admin --password 'hunter 2' --ip x ]")).toBe("stderr: [ fence_ipmilan --username admin --password '***' --ip x ]");
    expect(redactText('--password=hunter2 --secret-key abc')).toBe('--password=*** --secret-key ***');
    expect(redactText('secret_key: abc')).toBe('secret_key: ***');
    expect(redactText('Error: password: hunter2')).toBe('Error: password: ***');
    expect(redactText('mode=x passwd=hunter2')).toBe('mode=x passwd=***');
  });

  it('leaves prose and host-key messages alone', () => {
    for (const s of [
      'password changed for user x',
      'Host key: ssh-ed25519 SHA256:abcdef is not known',
      'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! key: SHA256:xyz',
      'crm_mon: monitor of vm-web1 failed (keyboard layout)',
      'node1 is online',
    ])
      expect(redactText(s), s).toBe(s);
  });

  it('argv: the word after a secret option, and crm_resource --set-parameter passwd --parameter-value X', () => {
    expect(redactArgv(['fence_x', '--password', 'hunter2', '--ip', '1.2.3.4'])).toEqual(['fence_x', '--password', '***', '--ip', '1.2.3.4']);
    expect(redactArgv(['crm_resource', '--resource', 'fence-n1', '--set-parameter', 'passwd', '--parameter-value', 'hunter2'])).toEqual([
      'crm_resource', '--resource', 'fence-n1', '--set-parameter', 'passwd', '--parameter-value', '***',
    ]);
    expect(redactArgv(['crm_resource', '--resource', 'vm-a', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Stopped'])).toEqual([
      'crm_resource', '--resource', 'vm-a', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Stopped',
    ]);
    expect(redactArgv(['cibadmin', '--create', '--xml-text', '<nvpair id="a" name="passwd" value="x"/>'])[3]).toBe('<nvpair id="a" name="passwd" value="***"/>');
  });

  it('agent metadata: parameters marked obfuscate/secret, or with secret-like names', () => {
    const meta = `<resource-agent name="fence_x"><parameters>
      <parameter name="ip" unique="0"/><parameter name="passwd" unique="0"/>
      <parameter name="pw_script" obfuscate="1"/><parameter name="auth" secret="true"/></parameters></resource-agent>`;
    const names = secretParamNames(meta);
    expect([...names].sort()).toEqual(['auth', 'passwd', 'pw_script']);
    expect(redactText('auth=abc ip=1 pw_script=/x', names)).toBe('auth=*** ip=1 pw_script=***');
    expect(redactText('<nvpair name="auth" value="abc"/>', names)).toBe('<nvpair name="auth" value="***"/>');
  });

  it('JSON replacer redacts string values, keeps keys and other values', () => {
    expect(JSON.stringify({ key: 'node:n1:down', msg: 'passwd=x', n: 3 }, redactReplacer)).toBe('{"key":"node:n1:down","msg":"passwd=***","n":3}');
  });
});

describe('redaction stays linear on hostile text', () => {
  it('long runs of name characters, unclosed quotes and repeated options finish and keep their length class', () => {
    for (const s of ['pass_'.repeat(200_000), `a${'="a'.repeat(100_000)}`, 'password='.repeat(100_000) + '"', '--password '.repeat(100_000), '<a b'.repeat(100_000)]) {
      const r = redactText(s);
      expect(r.length).toBeGreaterThan(0);
      expect(r).not.toContain('hunter2');
    }
  });
});
