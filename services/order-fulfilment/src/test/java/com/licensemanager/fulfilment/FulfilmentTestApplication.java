package com.licensemanager.fulfilment;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the platform and the order-fulfilment consumer alone, as a deployment of this role would. */
@SpringBootApplication
public class FulfilmentTestApplication {
}
