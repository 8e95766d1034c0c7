package com.licensemanager.unitregister;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the platform, the licensing state and the unit register alone, as a deployment of this role would. */
@SpringBootApplication
public class UnitRegisterTestApplication {
}
