/**
 * The bias/variance verdict and the note's recipe, §1.2–1.3: {@link dev.plumb.diagnose.biasvariance.BiasVariance}
 * turns train, dev and optimal (Bayes) error into avoidable bias, variance, a verdict and the next steps to take.
 */
package dev.plumb.diagnose.biasvariance;
