package com.licensemanager.app.contract;

import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.registry.ContractRegistration;

import java.util.Optional;

/**
 * The deployment's one-shot registry step (the {@code registry-contract} container of docker-compose.yml): sets
 * every subject's compatibility rule and registers this jar's schemas, then exits; the services start only after it
 * succeeded. A schema that breaks a rule makes it fail, and with it the deployment.
 */
public final class RegistryContractSetup {

    private RegistryContractSetup() {
    }

    /** Usage: {@code RegistryContractSetup [registry base URL]}, else {@code LICENSING_SCHEMA_REGISTRY_URL}. */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : Optional.ofNullable(System.getenv("LICENSING_SCHEMA_REGISTRY_URL"))
                .orElseThrow(() -> new IllegalStateException("give the registry's URL or set LICENSING_SCHEMA_REGISTRY_URL"));
        String ccompat = LicensingProperties.SchemaRegistry.confluentCompatibleUrl(url);
        new ContractRegistration(ccompat).registerAll()
                .forEach((subject, id) -> System.out.println(subject + " -> schema id " + id));
    }
}
