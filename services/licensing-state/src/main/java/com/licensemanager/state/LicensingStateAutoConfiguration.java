package com.licensemanager.state;

import com.licensemanager.platform.PlatformAutoConfiguration;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.state.balances.Balances;
import com.licensemanager.state.history.History;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.LicenseSigning;
import com.licensemanager.state.units.SigningProperties;
import com.licensemanager.state.units.UnitStates;
import com.licensemanager.state.units.Units;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The licensing state every feature works on: one repository per group of tables, and the publication of balance
 * and unit states. Features reach the tables only through these classes.
 */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@EnableConfigurationProperties(SigningProperties.class)
@Import({Accounts.class, Balances.class, ActivationKeys.class, Units.class,
        LicenseFiles.class, Moves.class, BalanceStates.class, UnitStates.class, History.class, StatePublication.class})
public class LicensingStateAutoConfiguration {

    @Bean
    LicenseSigning licenseSigning(SigningProperties signing) {
        return new LicenseSigning(signing.keyPair());
    }
}
