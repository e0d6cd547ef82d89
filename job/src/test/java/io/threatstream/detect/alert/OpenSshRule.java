package io.threatstream.detect.alert;

import io.threatstream.detect.rule.RuleMetadata.Ref;
import io.threatstream.detect.rule.RuleMetadata.Technique;
import io.threatstream.detect.rule.RuleMetadata.Threat;
import io.threatstream.detect.rule.RuleMetadata;
import java.time.Duration;
import java.util.List;

/** The seed rule's metadata (version 211), written out for tests. */
final class OpenSshRule {

    static final String RULE_ID = "f28e2be4-6eca-4349-bdd9-381573730c22";
    static final String NAME = "Potential OpenSSH Backdoor Logging Activity";
    static final String DESCRIPTION =
            "Identifies a Secure Shell (SSH) client or server process creating or writing to a"
                    + " known SSH backdoor log file.";

    private OpenSshRule() {}

    static RuleMetadata version(int version) {
        return new RuleMetadata(
                RULE_ID,
                NAME,
                DESCRIPTION,
                version,
                21,
                "low",
                Duration.ofMinutes(5),
                "now-9m",
                100,
                "event.ingested",
                List.of("auditbeat-*", "logs-endpoint.events.file-*"),
                List.of("Domain: Endpoint", "OS: Linux", "Tactic: Persistence"),
                List.of(
                        "https://github.com/eset/malware-ioc/tree/master/sshdoor",
                        "https://www.welivesecurity.com/wp-content/uploads/2021/01/ESET_Kobalos.pdf"),
                List.of("Elastic"),
                "Elastic License v2",
                List.of(
                        new Threat(
                                "MITRE ATT&CK",
                                new Ref(
                                        "TA0006",
                                        "Credential Access",
                                        "https://attack.mitre.org/tactics/TA0006/"),
                                List.of(
                                        new Technique(
                                                "T1556",
                                                "Modify Authentication Process",
                                                "https://attack.mitre.org/techniques/T1556/",
                                                List.of()))),
                        new Threat(
                                "MITRE ATT&CK",
                                new Ref(
                                        "TA0003",
                                        "Persistence",
                                        "https://attack.mitre.org/tactics/TA0003/"),
                                List.of(
                                        new Technique(
                                                "T1554",
                                                "Compromise Host Software Binary",
                                                "https://attack.mitre.org/techniques/T1554/",
                                                List.of())))));
    }

    static RuleMetadata get() {
        return version(211);
    }
}
